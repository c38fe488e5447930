// The image the platform app runs now, or '' before azd has deployed it. Without this,
// every `azd provision` would put the placeholder image back over the one `azd deploy` pushed.
// It is a separate module because a template cannot both read and declare the same app.
param exists bool
param name string

resource existingApp 'Microsoft.App/containerApps@2024-03-01' existing = if (exists) {
  name: name
}

// The `!` tells Bicep the app is there whenever that branch is taken: ARM's if() evaluates only the
// branch its condition selects, so the read never happens on a first provision (BCP318 otherwise).
output image string = exists ? existingApp!.properties.template.containers[0].image : ''
