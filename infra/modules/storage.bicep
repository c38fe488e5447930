// Grain state lives in one table. Shared-key access is off, so the account can only be reached
// with Entra ID: the platform identity gets "Storage Table Data Contributor" on this account.
param location string
param tags object
param name string
param tableName string

@description('Principal id of the identity that reads and writes grain state.')
param tableDataContributorPrincipalId string

// Built-in role: Storage Table Data Contributor.
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource table 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: tableName
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, tableDataContributorPrincipalId, storageTableDataContributorRoleId)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: tableDataContributorPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = account.name
// Built from the account name rather than primaryEndpoints.table so it has no trailing slash
// and follows the cloud's storage suffix (core.windows.net in public Azure).
output tableEndpoint string = 'https://${account.name}.table.${environment().suffixes.storage}'
output tableName string = table.name
