using Orleans.Widgets.Runtime.Configuration;

namespace Orleans.Widgets.Runtime.Tests.Storage;

public sealed class StorageSettingsTests
{
    [Theory]
    [InlineData(1, 32, true)]
    [InlineData(1, 1, true)]
    [InlineData(2, 32, true)]
    [InlineData(8, 16, true)]
    [InlineData(0, 32, false)]
    [InlineData(9, 32, false)]
    [InlineData(2, 3, false)]
    public void Concurrent_flushes_are_checked_against_the_pool(int flushes, int pool, bool valid)
    {
        var result = new RuntimeOptionsValidator().Validate(null, new StorageOptions { ConcurrentFlushes = flushes, MaxPoolSize = pool });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Widgets:Storage:ConcurrentFlushes", result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
