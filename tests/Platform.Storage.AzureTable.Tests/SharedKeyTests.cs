using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Storage.AzureTable.Tests;

public sealed class SharedKeyTests
{
    private static readonly byte[] s_developmentKey = Convert.FromBase64String(TableConnectionString.DevelopmentAccountKey);

    // Reference signatures computed outside .NET, from the documented Table service string-to-sign:
    //   printf 'POST\n\napplication/json\nMon, 02 Mar 2026 10:15:30 GMT\n/devstoreaccount1/devstoreaccount1/Tables' \
    //     | openssl dgst -sha256 -mac HMAC -macopt hexkey:$(base64 -d <<< "$KEY" | xxd -p -c 256) -binary | base64
    private const string CreateTableSignature = "Yh/JZBgf6TnMHv3YJsrfks85Po3PgN0/cZ65RD9b7Qc=";
    private const string PointReadSignature = "0qpLi6N2Q9m9efGHGX+Nec2qwNdqKxDzMYDC9EwPNZo=";

    [Fact]
    public async Task PathStyleEndpointSignsTheAccountTwice()
    {
        var authorizer = new SharedKeyAuthorizer("devstoreaccount1", s_developmentKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:10002/devstoreaccount1/Tables")
        {
            Content = new ByteArrayContent("{\"TableName\":\"grainstate\"}"u8.ToArray()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("x-ms-date", "Mon, 02 Mar 2026 10:15:30 GMT");

        await authorizer.AuthorizeAsync(request, CancellationToken.None);

        Assert.Equal("POST\n\napplication/json\nMon, 02 Mar 2026 10:15:30 GMT\n/devstoreaccount1/devstoreaccount1/Tables",
            authorizer.StringToSign(request));
        Assert.Equal($"SharedKey devstoreaccount1:{CreateTableSignature}", request.Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task HostStyleEndpointSignsTheEntityPathOnceWithoutContentType()
    {
        var authorizer = new SharedKeyAuthorizer("myaccount", s_developmentKey);
        using var request = new HttpRequestMessage(HttpMethod.Get,
            "https://myaccount.table.core.windows.net/grainstate(PartitionKey='intercoop_acme',RowKey='counter__acme_2Fx__counter')");
        request.Headers.TryAddWithoutValidation("x-ms-date", "Mon, 02 Mar 2026 10:15:30 GMT");

        await authorizer.AuthorizeAsync(request, CancellationToken.None);

        Assert.Equal($"SharedKey myaccount:{PointReadSignature}", request.Headers.Authorization!.ToString());
    }

    [Fact]
    public void QueryParametersOtherThanCompAreNotSigned()
    {
        var authorizer = new SharedKeyAuthorizer("myaccount", s_developmentKey);
        using var query = new HttpRequestMessage(HttpMethod.Get,
            "https://myaccount.table.core.windows.net/grainstate()?$filter=PartitionKey%20eq%20'x'&$top=1");
        using var comp = new HttpRequestMessage(HttpMethod.Get, "https://myaccount.table.core.windows.net/?restype=service&comp=properties");

        Assert.EndsWith("\n/myaccount/grainstate()", authorizer.StringToSign(query), StringComparison.Ordinal);
        Assert.EndsWith("\n/myaccount/?comp=properties", authorizer.StringToSign(comp), StringComparison.Ordinal);
    }

    [Fact]
    public void SignatureIsHmacSha256OfTheStringToSignUnderTheDecodedKey()
    {
        var authorizer = new SharedKeyAuthorizer("devstoreaccount1", s_developmentKey);
        const string stringToSign = "GET\n\n\nMon, 02 Mar 2026 10:15:30 GMT\n/devstoreaccount1/devstoreaccount1/Tables";

        Assert.Equal(Convert.ToBase64String(HMACSHA256.HashData(s_developmentKey, Encoding.UTF8.GetBytes(stringToSign))),
            authorizer.Sign(stringToSign));
    }
}
