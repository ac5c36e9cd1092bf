namespace Orleans.Widgets.CodeGenerator.Tests.TestGrains;

/// <summary>A grain interface compiled with the generator running as an analyzer, as in a real grain project.</summary>
public interface ITestGrain : IGrainWithStringKey
{
    Task<string> EchoAsync(string text, int times);

    Task PingAsync();

    ValueTask<int> AddAsync(int left, int right);

    [AlwaysInterleave]
    ValueTask TouchAsync(CancellationToken cancellationToken);
}
