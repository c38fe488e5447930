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
    public static string MemberNew(string tenantId) => $"/t/{tenantId}/members/new";
    public static string MemberEdit(string tenantId, string memberId) => $"/t/{tenantId}/members/{memberId}/edit";
    public static string MemberImport(string tenantId) => $"/t/{tenantId}/members/import";

    // area roles-jobs: more addresses below this line
    public static string Roles(string tenantId) => $"/t/{tenantId}/roles";
    public static string Role(string tenantId, string roleId) => $"/t/{tenantId}/roles/{roleId}";
    public static string RoleEdit(string tenantId, string roleId) => $"/t/{tenantId}/roles/{roleId}/edit";
    public static string RoleChart(string tenantId) => $"/t/{tenantId}/chart";
    public static string PayScale(string tenantId) => $"/t/{tenantId}/pay-scale";
    public static string Postings(string tenantId) => $"/t/{tenantId}/postings";
    /// <summary>The public job board: <c>/emplois</c> in French, <c>/jobs</c> in English (language by address).</summary>
    public static string JobBoard(string language) => language == "en" ? "/jobs" : "/emplois";
    public static string JobPosting(string language, string tenantId, string roleId) => $"{JobBoard(language)}/{tenantId}/{roleId}";

    // area governance: more addresses below this line
    public static string Governance(string tenantId) => $"/t/{tenantId}/governance";
    public static string GovernanceBody(string tenantId, string bodyId) => $"/t/{tenantId}/governance/{bodyId}";
    public static string GovernanceRegister(string tenantId, string bodyId) => $"/t/{tenantId}/governance/{bodyId}/decisions";
    public static string GovernanceMeeting(string tenantId, string bodyId, string meetingId) => $"/t/{tenantId}/governance/{bodyId}/meetings/{meetingId}";
    public static string GovernanceProposal(string tenantId, string bodyId, string proposalId) => $"/t/{tenantId}/governance/{bodyId}/proposals/{proposalId}";

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
