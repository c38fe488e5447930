using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.Host;

/// <summary>Problem+json answers with a useful detail (RFC 9457), used by filters and handlers alike.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult BadRequest(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.", extensions: extensions);

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.");

    /// <summary>A bad <c>{tenantId}</c> in the path.</summary>
    public static ProblemHttpResult InvalidTenantId(string? tenantId) => BadRequest($"'{tenantId}' is not a valid tenant id.");

    public static ProblemHttpResult NotFound(string detail = "No such object.") =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict.");
}
