// Intercoop in Azure: one container app on Azure Container Apps whose replicas form one Orleans
// cluster (each replica a silo co-hosting the gateway), grain state and cluster membership in
// Azure Table Storage, reached with a user-assigned managed identity.
// No storage key, connection string or password is written here: the identity gets RBAC roles,
// and the operator key lives only in Key Vault.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment. Names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Azure region for every resource.')
param location string

@description('Object id of whoever runs azd (azd fills it in). Gets read access to the operator key in Key Vault. Empty to skip.')
param principalId string = ''

@secure()
@description('The operator API key. azd supplies it (see main.parameters.json): read back from Key Vault once the vault exists, freshly generated on the first run.')
param operatorKey string

@description('True once azd has deployed the platform service, so that re-provisioning keeps the image azd pushed.')
param platformExists bool = false

var tags = { 'azd-env-name': environmentName }
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var containerAppName = 'ca-platform-${resourceToken}'
var operatorKeySecretName = 'platform-operator-key'

resource rg 'Microsoft.Resources/resourceGroups@2022-09-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring './modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
  }
}

module identity './modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'id-platform-${resourceToken}'
  }
}

module storage './modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'st${resourceToken}'
    tableName: 'grainstate'
    tableDataContributorPrincipalId: identity.outputs.principalId
  }
}

module keyVault './modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'kv-${resourceToken}'
    operatorKeySecretName: operatorKeySecretName
    operatorKey: operatorKey
    appPrincipalId: identity.outputs.principalId
    deployerPrincipalId: principalId
  }
}

module registry './modules/registry.bicep' = {
  name: 'registry'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'cr${resourceToken}'
    pullPrincipalId: identity.outputs.principalId
  }
}

module containerAppsEnvironment './modules/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  scope: rg
  params: {
    location: location
    tags: tags
    name: 'cae-${resourceToken}'
    logAnalyticsName: monitoring.outputs.logAnalyticsName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module platformImage './modules/fetch-container-image.bicep' = {
  name: 'platform-image'
  scope: rg
  params: {
    exists: platformExists
    name: containerAppName
  }
}

// Every value below that comes from another module's outputs also orders this module after it,
// so the identity's role assignments (AcrPull, Key Vault Secrets User, Storage Table Data
// Contributor) exist before the app first pulls its image and reads its secret.
module platform './modules/container-app.bicep' = {
  name: 'platform'
  scope: rg
  params: {
    location: location
    tags: tags
    name: containerAppName
    containerAppsEnvironmentId: containerAppsEnvironment.outputs.id
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    registryLoginServer: registry.outputs.loginServer
    image: platformImage.outputs.image
    tableEndpoint: storage.outputs.tableEndpoint
    tableName: storage.outputs.tableName
    operatorKeySecretUri: keyVault.outputs.operatorKeySecretUri
    serviceId: 'intercoop-${environmentName}'
    // One cluster per environment; the environment has its own storage account, so its
    // membership table holds only this cluster's silos.
    clusterId: environmentName
  }
}

// Read by azd after provisioning and stored in .azure/<env>/.env.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_APPS_ENVIRONMENT_NAME string = containerAppsEnvironment.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.endpoint
output AZURE_OPERATOR_KEY_SECRET_NAME string = operatorKeySecretName
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_PLATFORM_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output SERVICE_PLATFORM_NAME string = platform.outputs.name
output SERVICE_PLATFORM_URI string = platform.outputs.uri
