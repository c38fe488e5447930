using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using Platform.Abstractions;
using Platform.Host.Configuration;
using Platform.Host.Security;

namespace Platform.Host.Seeding;

public static partial class SeedingSetup
{
    /// <summary>Registers every <see cref="ISeedStep"/> of the host and the start-up runner.</summary>
    public static IServiceCollection AddPlatformSeeding(this IServiceCollection services)
    {
        foreach (var step in typeof(SeedingSetup).Assembly.GetTypes()
                     .Where(t => typeof(ISeedStep).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false }))
            services.AddSingleton(typeof(ISeedStep), step);
        services.AddHostedService<StartupRunner>();
        return services;
    }

    /// <summary>Finds <c>seeds/</c>: configured, next to the app, or in a parent folder (running from a clone).</summary>
    public static string? FindSeedsFolder(PlatformOptions options)
    {
        if (options.SeedsPath is not null) return Directory.Exists(options.SeedsPath) ? Path.GetFullPath(options.SeedsPath) : null;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, "seeds");
                if (File.Exists(Path.Combine(candidate, "tenants.json"))) return candidate;
            }
        }
        return null;
    }

    /// <summary>
    /// Runs before the server accepts requests: seeds an empty store when asked, then prints the
    /// generated operator key and the seeded admin keys, once.
    /// </summary>
    private sealed partial class StartupRunner(
        IOptions<PlatformOptions> options,
        OperatorCredential operatorCredential,
        IGrainFactory grains,
        BusinessClock clock,
        IEnumerable<ISeedStep> steps,
        IConfiguration configuration,
        ILogger<StartupRunner> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            IReadOnlyDictionary<string, string> adminKeys = new Dictionary<string, string>();
            if (options.Value.SeedEnabled) adminKeys = await SeedIfEmptyAsync(cancellationToken);
            var invitations = await InviteSeededAdminsAsync(adminKeys.Keys);
            PrintCredentials(operatorCredential.GeneratedKey, adminKeys, invitations);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        private async Task<IReadOnlyDictionary<string, string>> SeedIfEmptyAsync(CancellationToken cancellationToken)
        {
            var directory = grains.GetGrain<ITenantDirectoryGrain>(GrainKeys.Directory);
            if ((await directory.ListAsync()).Count > 0) return new Dictionary<string, string>();
            var seeds = FindSeedsFolder(options.Value);
            if (seeds is null)
            {
                LogNoSeeds(logger);
                return new Dictionary<string, string>();
            }

            var context = new SeedContext(grains, clock, seeds);
            var started = Stopwatch.GetTimestamp();
            // Steps of one order touch different grains: they run side by side, which shortens the
            // first start on two cores (each step is mostly grain calls, not disk).
            foreach (var stage in steps.GroupBy(s => s.Order).OrderBy(g => g.Key))
                await Task.WhenAll(stage.Select(step => RunStepAsync(step, context, cancellationToken)));
            LogSeeded(logger, context.Tenants.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return context.AdminKeys;
        }

        private async Task RunStepAsync(ISeedStep step, SeedContext context, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            await step.RunAsync(context, cancellationToken);
            LogStep(logger, step.Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        /// <summary>
        /// One admin invitation per seeded tenant, so a newcomer signs in to the web app within a
        /// minute of the first start (single use, 7 days, like any invitation).
        /// </summary>
        private async Task<IReadOnlyDictionary<string, string>> InviteSeededAdminsAsync(IEnumerable<string> tenantIds)
        {
            var baseUrl = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "http://localhost:5000").Split(';')[0].TrimEnd('/')
                .Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal);
            // Each tenant's people grain is its own: the invitations are issued side by side.
            var issued = await Task.WhenAll(tenantIds.Select(async tenantId =>
                (tenantId, (await grains.GetGrain<ITenantPeopleGrain>(tenantId).InviteAsync($"admin@{tenantId}.example", "Administration", TenantRole.Admin, "seed")).Link)));
            return issued.ToDictionary(i => i.tenantId, i => baseUrl + i.Link, StringComparer.Ordinal);
        }

        private static void PrintCredentials(string? operatorKey, IReadOnlyDictionary<string, string> adminKeys, IReadOnlyDictionary<string, string> invitations)
        {
            if (operatorKey is null && adminKeys.Count == 0) return;
            var text = new StringBuilder();
            text.AppendLine();
            text.AppendLine("================================================================================");
            text.AppendLine(" Intercoop credentials: shown once, only their hashes are kept. Store them now.");
            text.AppendLine("================================================================================");
            if (operatorKey is not null) text.AppendLine($" operator            {operatorKey}");
            foreach (var (tenant, key) in adminKeys.OrderBy(k => k.Key, StringComparer.Ordinal))
                text.AppendLine($" {tenant,-19} {key}");
            if (invitations.Count > 0)
            {
                text.AppendLine("--------------------------------------------------------------------------------");
                text.AppendLine(" Web app: open a link to choose the admin's password (single use, 7 days).");
                foreach (var (tenant, link) in invitations.OrderBy(k => k.Key, StringComparer.Ordinal))
                    text.AppendLine($" {tenant,-19} {link}");
            }
            text.AppendLine("================================================================================");
            Console.Out.Write(text.ToString());
            Console.Out.Flush();
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Seeding is on but no seeds/tenants.json was found; starting empty")]
        private static partial void LogNoSeeds(ILogger logger);

        [LoggerMessage(Level = LogLevel.Information, Message = "Seed step {Step} done in {Milliseconds:0} ms")]
        private static partial void LogStep(ILogger logger, string step, double milliseconds);

        [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Tenants} tenants in {Milliseconds:0} ms")]
        private static partial void LogSeeded(ILogger logger, int tenants, double milliseconds);
    }
}
