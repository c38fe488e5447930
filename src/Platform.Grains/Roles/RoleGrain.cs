using Platform.Abstractions;
using Platform.Abstractions.Roles;
using Orleans;
using Orleans.Runtime;

namespace Platform.Grains.Roles;

/// <summary>
/// One role (key <c>{tenantId}/{roleId}</c>). A new document is stored in two steps around this
/// grain's own write: the tenant's roles grain first admits it (pay-ratio check, recorded as
/// pending), then this grain stores it, then reports what it stored. If any step fails, the
/// next activation reports its stored document again ("reconciles"), which settles the tenant
/// grain on the truth: an admitted document that was never stored is forgotten.
/// </summary>
[GrainType("role")]
public sealed class RoleGrain([PersistentState("role")] IPersistentState<RoleState> state, BusinessClock clock) : Grain, IRoleGrain
{
    private (string TenantId, string RoleId)? _keyParts;

    // False until this activation has told the tenant grain what it stores (see the class comment).
    private bool _reconciled;

    private ITenantRolesGrain Tenant => GrainFactory.GetGrain<ITenantRolesGrain>(Key.TenantId);

    public async Task<Role> PutAsync(RoleDocument document)
    {
        await EnsureReconciledAsync();
        var validated = RoleValidation.Validate(document, state.State.Document?.Holders ?? []);
        if (validated.PairedWith is { } named && named != await Tenant.GetPartnerAsync(Key.RoleId))
            throw ValidationFailedException.For("pairedWith",
                "'pairedWith' is read-only in a role document: pair with POST …/roles/{r}/pair and unpair with POST …/roles/{r}/unpair.");
        // The pair lives in the tenant grain only; the stored document never carries it.
        validated = validated with { PairedWith = null };
        var summary = Summarise(validated);
        await Tenant.AdmitAsync(Key.RoleId, summary);
        await StoreAsync(validated);
        await Tenant.ReconcileAsync(Key.RoleId, summary);
        _reconciled = true;
        return await ViewAsync(validated);
    }

    public async Task<Role?> GetAsync()
    {
        await EnsureReconciledAsync();
        return state.State.Document is { } document ? await ViewAsync(document) : null;
    }

    public async Task<Role> AddHolderAsync(HolderSuccession succession)
    {
        await EnsureReconciledAsync();
        var document = state.State.Document ?? throw new NotFoundException($"Role '{Key.RoleId}' does not exist.");
        var holders = RoleValidation.AppendHolder(document.Holders ?? [], succession);
        // Holders are not part of what the tenant grain keeps, so no admission is needed.
        var updated = document with { Holders = holders.ToList() };
        await StoreAsync(updated);
        _reconciled = true;
        return await ViewAsync(updated);
    }

    public async Task<Role> EndTermAsync(HolderTermEnd end)
    {
        await EnsureReconciledAsync();
        var document = state.State.Document ?? throw new NotFoundException($"Role '{Key.RoleId}' does not exist.");
        var holders = RoleValidation.EndLastTerm(document.Holders ?? [], end);
        var updated = document with { Holders = holders.ToList() };
        await StoreAsync(updated);
        _reconciled = true;
        return await ViewAsync(updated);
    }

    private async Task EnsureReconciledAsync()
    {
        if (_reconciled) return;
        var stored = state.State.Document is { } document ? Summarise(document) : null;
        await Tenant.ReconcileAsync(Key.RoleId, stored);
        _reconciled = true;
    }

    private async Task StoreAsync(RoleDocument document)
    {
        state.State.Document = document;
        state.State.UpdatedAt = clock.GetUtcNow();
        _reconciled = false;
        await state.WriteOrReloadAsync(this);
    }

    private async Task<Role> ViewAsync(RoleDocument document)
    {
        var partner = await Tenant.GetPartnerAsync(Key.RoleId);
        return new Role(
            Key.RoleId,
            document.Title!,
            document.ReportsTo,
            document.Purpose,
            [.. document.Objectives ?? []],
            [.. document.Responsibilities ?? []],
            [.. document.SharedResponsibilities ?? []],
            [.. document.Competencies ?? []],
            document.Conditions,
            document.Posting,
            [.. document.Holders ?? []],
            partner,
            state.State.UpdatedAt);
    }

    internal static RoleSummary Summarise(RoleDocument document) => new(document.Title!, document.Conditions, document.Posting);

    private (string TenantId, string RoleId) Key => _keyParts ??= TenantKey.Split(this.GetPrimaryKeyString());
}
