using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Platform.Host.Hosting;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>): declares the bearer scheme of API keys, marks
/// every route behind a policy as needing it, and spells enums as the strings the API accepts
/// (exactly one kebab-case name).
/// </summary>
public static class OpenApiSetup
{
    public const string BearerSchemeName = "Bearer";

    public static IServiceCollection AddPlatformOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerSchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "ick_{tenant}.{keyId}.{secret}",
                    Description = "An API key of a tenant (admin, staff or viewer), or the operator key: 'Authorization: Bearer <key>'. " +
                                  "No or unknown key → 401; another tenant's objects → 404; too low a role → 403.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerSchemeName, context.Document)] = [] }];
                if (string.Equals(context.Description.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = Security.IdempotencyMiddleware.Header,
                        In = ParameterLocation.Header,
                        Required = false,
                        Description = "Optional. The same key with the same request within 24 hours returns the first answer (Idempotent-Replayed: true); with another request, 422.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
                    });
                }
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
                if (!type.IsEnum) return Task.CompletedTask;
                schema.Type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) is null ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
                schema.Enum = Enum.GetNames(type).Select(name => (JsonNode)JsonValue.Create(JsonNamingPolicy.KebabCaseLower.ConvertName(name))!).ToList();
                return Task.CompletedTask;
            });
        });
}
