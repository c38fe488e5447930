// The one identity the platform runs as. User-assigned (not system-assigned) so that its roles can
// be granted before the container app exists: the first revision already needs them to pull its
// image from the registry and read the operator key from Key Vault.
param location string
param tags object
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
