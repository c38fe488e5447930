using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Platform.Host.Tests.Infrastructure;

namespace Platform.Host.Tests.Tenants;

/// <summary>
/// HttpClient resolves "." and ".." segments before sending, so this sends raw paths through the
/// test server: a literal ".." where an id belongs must be refused, never resolved to the parent.
/// </summary>
public sealed class DotSegmentTests(PlatformApp app) : IClassFixture<PlatformApp>
{
    [Theory]
    [InlineData("GET", "/api/v1/tenants/..")]
    [InlineData("GET", "/api/v1/tenants/../keys")]
    [InlineData("GET", "/api/v1/tenants/{t}/members/..")]
    [InlineData("PATCH", "/api/v1/tenants/{t}/members/..")]
    [InlineData("POST", "/api/v1/tenants/{t}/members/../withdraw")]
    [InlineData("POST", "/api/v1/tenants/{t}/activities/../participants")]
    [InlineData("GET", "/api/v1/tenants/{t}/roles/..")]
    [InlineData("PUT", "/api/v1/tenants/{t}/roles/..")]
    [InlineData("PUT", "/api/v1/tenants/{t}/bodies/..")]
    [InlineData("PUT", "/api/v1/tenants/{t}/professionals/..")]
    [InlineData("DELETE", "/api/v1/tenants/{t}/keys/..")]
    [InlineData("GET", "/api/v1/tenants/{t}/./audit")]
    public async Task LiteralDotSegmentsAreRefusedNotResolved(string method, string rawPath)
    {
        var keys = await app.CreateTenantWithKeysAsync(PlatformApp.NewTenantId());
        var path = rawPath.Replace("{t}", keys.TenantId, StringComparison.Ordinal);

        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = method;
            c.Request.Path = path;
            c.Request.Headers.Authorization = $"Bearer {keys.Admin}";
            if (method is "PUT" or "PATCH" or "POST")
            {
                c.Request.ContentType = "application/json";
                c.Request.Body = new MemoryStream("{}"u8.ToArray());
            }
        });

        Assert.InRange(context.Response.StatusCode, 400, 499);
        Assert.NotEqual(StatusCodes.Status413PayloadTooLarge, context.Response.StatusCode);
    }
}
