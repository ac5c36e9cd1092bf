using Microsoft.Extensions.DependencyInjection;
using Orleans.Widgets.Grains.Model;
using Orleans.Widgets.Grains.Sessions;
using Orleans.Widgets.Grains.Tests.Domain;
using Orleans.Widgets.Hosting;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.Grains.Tests.Sessions;

/// <summary>
/// A silo on a simulated clock with a <see cref="RecordingSessionHandler"/> behind the kind <c>news</c> and a local
/// <see cref="ContentServer"/> that downloads may reach (http and 127.0.0.1 allowed, as a test's settings must).
/// </summary>
public abstract class SessionTest : IAsyncLifetime
{
    protected const string App = "acme";
    protected const string Kind = "news";

    protected DomainSilo Silo { get; set; } = null!;

    protected ContentServer Content { get; set; } = null!;

    protected RecordingSessionHandler Handler { get; } = new();

    protected RecordingProvider Provider { get; } = new();

    /// <summary>Session settings of the silo; by default http and 127.0.0.1 are allowed.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Widgets:Sessions:AllowedSchemes:0"] = "http",
        ["Widgets:Sessions:AllowedAddresses:0"] = "127.0.0.1",
    };

    public virtual async Task InitializeAsync()
    {
        Content = await ContentServer.StartAsync();
        Silo = await StartSiloAsync();
        await Silo.CreateAppAsync(App, KindWithHandler(Kind), KindWithHandler("other", handler: false));
    }

    public virtual async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        await Content.DisposeAsync();
    }

    protected Task<DomainSilo> StartSiloAsync(SimulatedTimeProvider? time = null, IDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>(Settings);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return DomainSilo.StartAsync(time, settings, s => s
            .AddBuiltinTimelineProvider(RecordingProvider.Name, Provider)
            .AddSessionEventHandler(RecordingSessionHandler.Name, Handler)
            .AddServices(services));
    }

    protected static KindSettings KindWithHandler(string kind, bool handler = true, Uri? callback = null) => new()
    {
        Kind = kind,
        BuiltinProvider = RecordingProvider.Name,
        CoalesceWindow = TimeSpan.FromSeconds(5),
        SessionHandler = !handler ? null : callback is not null ? new SessionHandlerSettings { Url = callback } : new SessionHandlerSettings { Builtin = RecordingSessionHandler.Name },
    };

    protected ISessionGrain Session(string identifier, string app = App) => Silo.Grains.GetGrain<ISessionGrain>(SessionKeys.Session(app, identifier));

    protected async Task<ISessionGrain> AttachAsync(string identifier, string kind = Kind)
    {
        var session = Session(identifier);
        var attached = await session.Attach(kind);
        Assert.True(attached.Outcome is SessionAttachOutcome.Created or SessionAttachOutcome.Attached, attached.Error);
        return session;
    }

    protected static async Task<string> AddAsync(ISessionGrain session, Uri url, string? id = null, params string[] widgets)
    {
        var added = await session.AddTask(new SessionTaskRequest(id, url.ToString(), widgets, null));
        Assert.True(added.Outcome is SessionAddOutcome.Added or SessionAddOutcome.AlreadyAdded, added.Error);
        return added.TaskId!;
    }

    protected async Task<SessionStatus> StatusAsync(string identifier) => (await Session(identifier).GetStatus())!;

    /// <summary>Waits until the silo's session work (downloads on the real network, deliveries) and the silo are idle.</summary>
    protected Task SettleAsync() => SettleAsync(Silo);

    protected static async Task SettleAsync(DomainSilo silo)
    {
        var work = silo.Services.GetRequiredService<SessionWork>();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        do
        {
            await work.WhenIdleAsync().WaitAsync(bound.Token);
            await silo.Clock.SettleAsync(bound.Token);
        }
        while (work.Outstanding > 0);
    }

    /// <summary>Advances the clock, settling the session work after each step of at most <paramref name="step"/>.</summary>
    protected async Task AdvanceAsync(TimeSpan by, TimeSpan? step = null)
    {
        var each = step ?? TimeSpan.FromSeconds(1);
        for (var done = TimeSpan.Zero; done < by; done += each)
        {
            await Silo.AdvanceAsync(each < by - done ? each : by - done);
            await SettleAsync();
        }
    }
}

internal static class ServiceCollectionTestExtensions
{
    public static IServiceCollection AddServices(this IServiceCollection services, Action<IServiceCollection>? more)
    {
        more?.Invoke(services);
        return services;
    }
}
