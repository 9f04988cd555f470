using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartMaintenance.Cloud.Storage.DeadLetters;

namespace SmartMaintenance.Cloud.Security;

/// <summary>
/// POST   /api/v1/admin/api-keys       create a key (name, scopes); the key is in this answer only
/// GET    /api/v1/admin/api-keys       list keys (names, scopes, dates; never keys or hashes)
/// DELETE /api/v1/admin/api-keys/{id}  revoke
/// GET    /api/v1/admin/ingest/dead-letters   the latest refused readings and events with their reasons
/// </summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/admin").RequireScope(ApiScopes.Admin).WithTags("Admin");
        api.MapPost("/api-keys", CreateKeyAsync);
        api.MapGet("/api-keys", ListKeysAsync);
        api.MapDelete("/api-keys/{id}", RevokeKeyAsync);
        api.MapGet("/ingest/dead-letters", ListDeadLettersAsync);
        return routes;
    }

    internal static async Task<Results<Created<CreatedApiKey>, ValidationProblem, Conflict<ProblemHttpResult>>> CreateKeyAsync(
        CreateApiKeyRequest request, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 64)
        {
            errors["name"] = ["name is required (1-64 characters)."];
        }

        var scopes = ApiScopes.Parse(string.Join(',', request.Scopes ?? []), out var unknown);
        if (unknown.Count > 0 || scopes.Count == 0)
        {
            errors["scopes"] = [$"scopes must be one or more of: {string.Join(", ", ApiScopes.All)}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The API key request is invalid.");
        }

        var created = await keys.CreateAsync(request.Name!, scopes, cancellationToken);
        if (created is not { } c)
        {
            return TypedResults.Conflict(TypedResults.Problem(statusCode: 409, title: $"An API key named '{request.Name}' exists."));
        }

        return TypedResults.Created($"/api/v1/admin/api-keys/{c.Record.Id}",
            new CreatedApiKey(c.Record.Id, c.Record.Name, c.Record.Scopes, c.Key));
    }

    internal static async Task<Ok<IReadOnlyList<ApiKeyView>>> ListKeysAsync(ApiKeyService keys, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<ApiKeyView>>([.. (await keys.ListAsync(cancellationToken))
            .Select(k => new ApiKeyView(k.Id, k.Name, k.Scopes, k.CreatedAt, k.RevokedAt))]);

    internal static async Task<Results<NoContent, NotFound>> RevokeKeyAsync(string id, ApiKeyService keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    internal static async Task<Ok<IReadOnlyList<DeadLetter>>> ListDeadLettersAsync(IDeadLetterStore store, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(Math.Clamp(limit ?? 100, 1, 1000), cancellationToken));
}

public sealed record CreateApiKeyRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string>? Scopes);

/// <summary>The one answer that carries the key itself.</summary>
public sealed record CreatedApiKey(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes,
    [property: JsonPropertyName("key")] string Key);

public sealed record ApiKeyView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("revoked_at")] DateTimeOffset? RevokedAt);
