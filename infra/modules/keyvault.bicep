// Holds the operator key. RBAC mode (no access policies): the platform identity can read secrets,
// and so can whoever runs azd, which is how azd re-reads the key on the next provision.
param location string
param tags object
param name string
param operatorKeySecretName string

@secure()
param operatorKey string

@description('Principal id of the platform identity; gets "Key Vault Secrets User".')
param appPrincipalId string

@description('Principal id of whoever runs azd; gets "Key Vault Secrets User" too. Empty to skip.')
param deployerPrincipalId string = ''

// Built-in role: Key Vault Secrets User (read secret values).
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource operatorKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: operatorKeySecretName
  properties: {
    value: operatorKey
    contentType: 'text/plain'
  }
}

resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource deployerSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(vault.id, deployerPrincipalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: deployerPrincipalId
  }
}

output name string = vault.name
output endpoint string = vault.properties.vaultUri
// Versionless: Container Apps follows the latest version of the secret.
output operatorKeySecretUri string = operatorKeySecret.properties.secretUri
