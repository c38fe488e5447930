using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Host.Security;

namespace Platform.Host;

/// <summary>Problem+json answers with a useful detail (RFC 9457), used by filters and handlers alike.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult BadRequest(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.", extensions: extensions);

    public static ProblemHttpResult Unauthorized(CurrentCaller caller) =>
        TypedResults.Problem(
            caller.PresentedInvalidCredential
                ? "The key presented is unknown, malformed or revoked."
                : "A key is required: send 'Authorization: Bearer <key>'.",
            statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required.");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.");

    public static ProblemHttpResult NotFound(string detail = "No such object.") =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict.");
}
