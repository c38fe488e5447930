// The platform: ASP.NET Core gateway and the actor runtime in one container, listening on 8080.
// It runs as the user-assigned identity: that identity pulls the image, resolves the operator key
// from Key Vault, and (through AZURE_CLIENT_ID) is the credential the host uses for Table Storage.
param location string
param tags object
param name string
param containerAppsEnvironmentId string

@description('Resource id of the user-assigned identity.')
param identityId string

@description('Client id of the same identity, for DefaultAzureCredential in the host.')
param identityClientId string

param registryLoginServer string

@description('Image to run; empty on the first provision, before azd has pushed one.')
param image string = ''

@description('https://{account}.table.core.windows.net')
param tableEndpoint string
param tableName string

@description('Versionless Key Vault URI of the operator key secret.')
param operatorKeySecretUri string

param serviceId string

// Public placeholder that azd conventionally runs until `azd deploy` pushes the real image.
var placeholderImage = 'mcr.microsoft.com/azuredocs/containerapps-helloworld:latest'

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  // azd finds the app to deploy to by this tag; the value is the service name in azure.yaml.
  tags: union(tags, { 'azd-service-name': 'platform' })
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: containerAppsEnvironmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'auto'
        allowInsecure: false
      }
      registries: [
        {
          server: registryLoginServer
          identity: identityId
        }
      ]
      secrets: [
        {
          name: 'operator-key'
          keyVaultUrl: operatorKeySecretUri
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'platform'
          image: !empty(image) ? image : placeholderImage
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: [
            {
              name: 'ASPNETCORE_URLS'
              value: 'http://+:8080'
            }
            {
              name: 'AZURE_CLIENT_ID'
              value: identityClientId
            }
            {
              name: 'Platform__Storage__Provider'
              value: 'azuretable'
            }
            {
              name: 'Platform__Storage__TableEndpoint'
              value: tableEndpoint
            }
            {
              name: 'Platform__Storage__TableName'
              value: tableName
            }
            {
              name: 'Platform__ServiceId'
              value: serviceId
            }
            {
              name: 'Platform__Seed'
              value: 'false'
            }
            {
              name: 'Platform__OperatorKey'
              secretRef: 'operator-key'
            }
            // OTEL_EXPORTER_OTLP_ENDPOINT is deliberately not set: the environment's managed
            // OpenTelemetry agent injects it, and a value here would override the agent's.
          ]
          probes: [
            {
              type: 'Liveness'
              httpGet: {
                path: '/health/live'
                port: 8080
                scheme: 'HTTP'
              }
              initialDelaySeconds: 5
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/health/ready'
                port: 8080
                scheme: 'HTTP'
              }
              initialDelaySeconds: 5
              periodSeconds: 10
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: 1
        maxReplicas: 5
        rules: [
          {
            name: 'http-concurrency'
            http: {
              metadata: {
                concurrentRequests: '50'
              }
            }
          }
        ]
      }
    }
  }
}

output name string = app.name
output fqdn string = app.properties.configuration.ingress.fqdn
output uri string = 'https://${app.properties.configuration.ingress.fqdn}'
