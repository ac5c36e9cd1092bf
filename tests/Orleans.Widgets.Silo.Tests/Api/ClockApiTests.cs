using System.Net;

namespace Orleans.Widgets.Silo.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ClockApiTests(ApiSilo silo)
{
    [Fact]
    public async Task A_simulated_clock_is_read_by_any_key_and_advanced_by_the_admin()
    {
        var key = await silo.CreateAppAsync(ApiSilo.NewAppId());
        using var app = silo.Http(key);
        var before = await ApiAssert.JsonAsync(await app.GetAsync("/v1/clock"), HttpStatusCode.OK);
        Assert.True(before.GetProperty("simulated").GetBoolean());
        var start = before.GetProperty("now").GetDateTimeOffset();
        Assert.Equal(silo.Clock.Now, start);

        using var admin = silo.Admin();
        await ApiAssert.ErrorAsync(await admin.PostAsync("/v1/clock/advance", ApiAssert.Json("""{"seconds":0}""")), HttpStatusCode.BadRequest, "seconds");
        await ApiAssert.ErrorAsync(await admin.PostAsync("/v1/clock/advance", ApiAssert.Json("""{}""")), HttpStatusCode.BadRequest, "seconds");
        await ApiAssert.ErrorAsync(await admin.PostAsync("/v1/clock/advance", ApiAssert.Json("""{"seconds":"x"}""")), HttpStatusCode.BadRequest, "seconds");
        Assert.Equal(start, silo.Clock.Now);

        var after = await ApiAssert.JsonAsync(await admin.PostAsync("/v1/clock/advance", ApiAssert.Json("""{"seconds":3600}""")), HttpStatusCode.OK);
        Assert.True(after.GetProperty("now").GetDateTimeOffset() >= start.AddHours(1));
        Assert.True(silo.Clock.Now >= start.AddHours(1));
    }

    [Fact]
    public async Task Without_a_simulated_clock_advancing_is_a_conflict()
    {
        var system = ApiSilo.WithSystemClock();
        await system.InitializeAsync();
        try
        {
            using var admin = system.Admin();
            var clock = await ApiAssert.JsonAsync(await admin.GetAsync("/v1/clock"), HttpStatusCode.OK);
            Assert.False(clock.GetProperty("simulated").GetBoolean());
            Assert.True((clock.GetProperty("now").GetDateTimeOffset() - DateTimeOffset.UtcNow).Duration() < TimeSpan.FromMinutes(1));
            await ApiAssert.ErrorAsync(await admin.PostAsync("/v1/clock/advance", ApiAssert.Json("""{"seconds":60}""")), HttpStatusCode.Conflict, "Widgets:Clock=simulated");
        }
        finally
        {
            await system.DisposeAsync();
        }
    }
}
