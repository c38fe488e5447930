// The platform: every replica is one Orleans silo co-hosting the ASP.NET Core gateway. HTTP comes
// in on 8080; the replicas form ONE Orleans cluster, finding each other through the membership
// table in the same storage account and talking silo-to-silo on 11111 inside the environment.
// It runs as the user-assigned identity: that identity pulls the image, resolves the operator key
// from Key Vault, and (through AZURE_CLIENT_ID) is the credential the host uses for Table Storage,
// both for grain state and for cluster membership.
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

@description('Orleans cluster id. Fixed per environment, so replicas of old and new revisions join the same cluster during a rollout.')
param clusterId string

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
        // Silo-to-silo traffic, inside the environment only. Silos dial each other at the address
        // each one advertises in the membership table (its own replica IP, picked by the host at
        // startup), so this mapping is not how a silo finds a peer; it declares the port as the
        // app's internal TCP port and keeps it off the public side. The Orleans gateway port
        // (30000, for external Orleans clients) is not mapped at all: the HTTP gateway is
        // co-hosted in each silo, so no client connects from outside the cluster.
        additionalPortMappings: [
          {
            external: false
            targetPort: 11111
            exposedPort: 11111
          }
        ]
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
      // Room for a graceful silo shutdown (leave the membership table, hand over activations)
      // before SIGKILL; the platform default is 30 s.
      terminationGracePeriodSeconds: 60
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
            // Clustering: the membership table lives in the same storage account as the grain
            // state (Platform__Storage__TableEndpoint), reached with the same identity.
            {
              name: 'Platform__Cluster__Provider'
              value: 'azuretable'
            }
            {
              name: 'Platform__Cluster__ClusterId'
              value: clusterId
            }
            // The ports the silo listens on; SiloPort must stay equal to the internal port mapping above.
            {
              name: 'Platform__Cluster__SiloPort'
              value: '11111'
            }
            {
              name: 'Platform__Cluster__GatewayPort'
              value: '30000'
            }
            // Platform__Cluster__AdvertisedAddress is deliberately not set: every replica has its
            // own IP, known only at runtime, and the host advertises that when the setting is absent.
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
            // Joining the cluster (reading the membership table, reaching every active silo) can
            // take a while after a restart: liveness and readiness only start once this succeeds,
            // so a slow join is not mistaken for a dead process: up to 5 s + 10 x 10 s before
            // the replica is restarted.
            {
              type: 'Startup'
              httpGet: {
                path: '/health/ready'
                port: 8080
                scheme: 'HTTP'
              }
              initialDelaySeconds: 5
              periodSeconds: 10
              failureThreshold: 10
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
