namespace Platform.Host.Web;

/// <summary>Addresses of the web app (API.md "People": extend the scheme, don't change it).</summary>
public static class WebPaths
{
    public static string Tenant(string tenantId) => $"/t/{tenantId}";
    public static string Members(string tenantId) => $"/t/{tenantId}/members";
    public static string Member(string tenantId, string memberId) => $"/t/{tenantId}/members/{memberId}";
    public static string People(string tenantId) => $"/t/{tenantId}/admin/people";
    public static string Keys(string tenantId) => $"/t/{tenantId}/admin/keys";
    public static string Audit(string tenantId) => $"/t/{tenantId}/admin/audit";
    public static string Activities(string tenantId) => $"/t/{tenantId}/activities";
    public static string Activity(string tenantId, string activityId) => $"/t/{tenantId}/activities/{activityId}";
    public static string Network(string tenantId) => $"/t/{tenantId}/network";

    // area records: more addresses below this line

    // area network-admin: more addresses below this line

    // area roles-jobs: more addresses below this line

    // area governance: more addresses below this line

    // area consortium: more addresses below this line
    public static string ServiceRequests(string tenantId) => $"/t/{tenantId}/requests";
    public static string ServiceRequest(string tenantId, string requestId) => $"/t/{tenantId}/requests/{requestId}";
    public static string TimeEntries(string tenantId) => $"/t/{tenantId}/time";
    public static string Professionals(string tenantId) => $"/t/{tenantId}/professionals";
    public static string Professional(string tenantId, string professionalId) => $"/t/{tenantId}/professionals/{professionalId}";
    public static string Capacity(string tenantId) => $"/t/{tenantId}/capacity";
    public static string Statements(string tenantId) => $"/t/{tenantId}/statements";
    public static string CostRecovery(string tenantId) => $"/t/{tenantId}/cost-recovery";
    public static string Services(string tenantId) => $"/t/{tenantId}/services";
    /// <summary>A statement as CSV for a signed-in person: the consortium's (<paramref name="clientId"/>) or a client's own (<paramref name="consortiumId"/>).</summary>
    public static string StatementCsv(string tenantId, string partyId, string month) => $"/t/{tenantId}/statements.csv?party={partyId}&month={month}";


    /// <summary>Only a path of this site (never <c>//other.example</c> or a full address): no open redirect.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 and < 2000 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}
