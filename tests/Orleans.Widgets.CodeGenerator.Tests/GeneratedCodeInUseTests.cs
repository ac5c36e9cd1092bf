using Orleans.Widgets.CodeGenerator.Tests.TestGrains;
using Orleans.Widgets.Runtime;

namespace Orleans.Widgets.CodeGenerator.Tests;

/// <summary>Uses the code the generator produced for this assembly's own grains.</summary>
public sealed class GeneratedCodeInUseTests
{
    private static readonly GrainId Target = new(GrainType.Create("test"), "key-1");

    [Fact]
    public async Task Proxy_sends_each_call_as_a_request_that_reaches_the_grain_with_its_arguments()
    {
        var grain = new FakeTestGrain();
        var invoker = new RecordingInvoker(grain);
        var proxy = GrainProxyRegistry.GetFactory<ITestGrain>()(Target, invoker);

        Assert.IsAssignableFrom<GrainReference>(proxy);
        Assert.Equal(Target, ((GrainReference)proxy).GrainId);

        Assert.Equal("abab", await proxy.EchoAsync("ab", 2));
        await proxy.PingAsync();
        Assert.Equal(7, await proxy.AddAsync(3, 4));
        using var cancellation = new CancellationTokenSource();
        await proxy.TouchAsync(cancellation.Token);

        Assert.Equal(["Echo(ab,2)", "Ping()", "Add(3,4)", "Touch(True)"], grain.Calls);
        Assert.All(invoker.Calls, static call => Assert.Equal(Target, call.Target));
        Assert.All(invoker.Calls, static call => Assert.Equal(typeof(ITestGrain), call.Request.InterfaceType));
        Assert.Equal(["EchoAsync", "PingAsync", "AddAsync", "TouchAsync"], invoker.Calls.Select(static c => c.Request.MethodName));
        Assert.Equal([false, false, false, true], invoker.Calls.Select(static c => c.Request.AlwaysInterleave));
        Assert.Equal("ITestGrain.EchoAsync", invoker.Calls[0].Request.ToString());
        Assert.IsAssignableFrom<GrainRequest<string>>(invoker.Calls[0].Request);
        Assert.IsAssignableFrom<GrainRequest>(invoker.Calls[1].Request);
        Assert.IsAssignableFrom<GrainRequest<int>>(invoker.Calls[2].Request);
    }

    [Fact]
    public async Task A_captured_request_can_be_replayed_on_another_grain()
    {
        var invoker = new RecordingInvoker(new FakeTestGrain());
        var proxy = GrainProxyRegistry.GetFactory<ITestGrain>()(Target, invoker);
        await proxy.EchoAsync("x", 3);

        var other = new FakeTestGrain();
        var request = Assert.IsAssignableFrom<GrainRequest<string>>(invoker.Calls.Single().Request);
        Assert.Equal("xxx", await request.Invoke(other));
        Assert.Equal(["Echo(x,3)"], other.Calls);
    }

    [Fact]
    public async Task The_runtime_assembly_registers_the_IRemindable_proxy()
    {
        var grain = new FakeTestGrain();
        var invoker = new RecordingInvoker(grain);
        var proxy = GrainProxyRegistry.GetFactory<IRemindable>()(Target, invoker);

        await proxy.ReceiveReminder("daily", default);

        Assert.Equal(["Reminder(daily)"], grain.Calls);
        Assert.Equal(typeof(IRemindable), invoker.Calls.Single().Request.InterfaceType);
    }

    [Fact]
    public void Grain_classes_are_registered_with_their_type_name_and_grain_interfaces()
    {
        var classes = GrainClassRegistry.GetClasses(typeof(TestGrain).Assembly);

        var test = Assert.Single(classes, static c => c.GrainClass == typeof(TestGrain));
        Assert.Equal("test", test.GrainType.Value);
        Assert.Equal([typeof(ITestGrain), typeof(IRemindable)], test.Interfaces);
        Assert.NotNull(test.Activator);

        var named = Assert.Single(classes, static c => c.GrainClass == typeof(NamedTestGrain));
        Assert.Equal("named-test", named.GrainType.Value);
        Assert.Equal([typeof(ITestGrain)], named.Interfaces);

        Assert.Equal(2, classes.Count);
    }
}
