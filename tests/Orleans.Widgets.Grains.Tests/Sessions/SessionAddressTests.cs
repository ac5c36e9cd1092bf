using System.Net;
using Orleans.Widgets.Grains.Sessions;

namespace Orleans.Widgets.Grains.Tests.Sessions;

/// <summary>With the default rules (https only, no private addresses), loopback and private targets are refused.</summary>
public sealed class SessionAddressTests : SessionTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // http is allowed so the address rules, not the scheme, decide; no address exceptions.
        ["Widgets:Sessions:AllowedSchemes:0"] = "http",
        ["Widgets:Sessions:AllowedSchemes:1"] = "https",
    };

    [Fact]
    public async Task Loopback_is_refused_by_default_when_added_by_address_and_when_a_name_resolves_to_it()
    {
        var session = await AttachAsync("local");
        var literal = await session.AddTask(new SessionTaskRequest(null, Content.Url("/bytes/10").ToString(), [], null));
        Assert.Equal(SessionAddOutcome.Refused, literal.Outcome);
        Assert.Contains("address 127.0.0.1 is in a private or reserved network", literal.Error, StringComparison.Ordinal);
        Assert.Empty((await StatusAsync("local")).Tasks);

        // A host name is checked on the address it resolves to, when connecting: the task fails for good, unsent.
        await AddAsync(session, Content.LocalhostUrl("/bytes/10"), "byname");
        await SettleAsync();
        var task = (await StatusAsync("local")).Tasks.Single();
        Assert.Equal((SessionTaskState.Failed, 1), (task.State, task.Attempts));
        Assert.Contains("refused: localhost resolves to a refused address", task.Failure, StringComparison.Ordinal);
        Assert.Equal(0, Content.TotalHits);
    }

    [Theory]
    [InlineData("http://10.0.0.5/a.png")]
    [InlineData("http://172.16.9.1/a.png")]
    [InlineData("http://192.168.1.1/a.png")]
    [InlineData("http://100.64.0.1/a.png")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://0.0.0.0/a.png")]
    [InlineData("http://224.0.0.1/a.png")]
    [InlineData("http://[::1]/a.png")]
    [InlineData("http://[fd00::1]/a.png")]
    [InlineData("http://[fe80::1]/a.png")]
    [InlineData("http://[::ffff:127.0.0.1]/a.png")]
    public async Task Private_and_reserved_addresses_are_refused(string url)
    {
        var added = await (await AttachAsync("p")).AddTask(new SessionTaskRequest(null, url, [], null));
        Assert.Equal(SessionAddOutcome.Refused, added.Outcome);
        Assert.Contains("private or reserved network", added.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_policy_allows_public_addresses_configured_exceptions_and_only_allowed_schemes_and_hosts()
    {
        var policy = new SessionAddressPolicy(new SessionOptions { AllowedAddresses = ["127.0.0.1", "10.1.0.0/16"], AllowedHosts = ["cdn.example.com", "*.images.example"] });
        Assert.Null(policy.RefuseAddress(IPAddress.Parse("93.184.216.34")));
        Assert.Null(policy.RefuseAddress(IPAddress.Parse("2606:2800:220:1::1")));
        Assert.Null(policy.RefuseAddress(IPAddress.Parse("127.0.0.1")));
        Assert.Null(policy.RefuseAddress(IPAddress.Parse("10.1.200.3")));
        Assert.NotNull(policy.RefuseAddress(IPAddress.Parse("127.0.0.2")));
        Assert.NotNull(policy.RefuseAddress(IPAddress.Parse("10.2.0.1")));
        Assert.NotNull(policy.RefuseAddress(IPAddress.Parse("::1")));

        Assert.Null(policy.RefuseUrl(new Uri("https://cdn.example.com/a.png")));
        Assert.Null(policy.RefuseUrl(new Uri("https://a.images.example/a.png")));
        Assert.Equal("host 'other.example.com' is not allowed", policy.RefuseUrl(new Uri("https://other.example.com/a.png")));
        Assert.Contains("scheme 'http' is not allowed", policy.RefuseUrl(new Uri("http://cdn.example.com/a.png")), StringComparison.Ordinal);
        Assert.Equal("the URL must not carry credentials", policy.RefuseUrl(new Uri("https://u:p@cdn.example.com/a.png")));

        Assert.NotNull(new SessionAddressPolicy(new SessionOptions()).RefuseAddress(IPAddress.Parse("127.0.0.1")));
        Assert.Null(new SessionAddressPolicy(new SessionOptions { AllowPrivateNetworks = true }).RefuseAddress(IPAddress.Parse("192.168.0.1")));
    }

    [Fact]
    public async Task A_host_outside_the_allowed_hosts_is_refused_when_added()
    {
        await Silo.DisposeAsync();
        Silo = await StartSiloAsync(extra: new Dictionary<string, string?> { ["Widgets:Sessions:AllowedHosts:0"] = "cdn.example.com" });
        await Silo.CreateAppAsync(App, KindWithHandler(Kind));
        var added = await (await AttachAsync("h")).AddTask(new SessionTaskRequest(null, "https://tracker.example.net/pixel.gif", [], null));
        Assert.Equal((SessionAddOutcome.Refused, "url refused: host 'tracker.example.net' is not allowed"), (added.Outcome, added.Error));
    }
}
