using Orleans.Widgets.Runtime.Scheduler;

namespace Orleans.Widgets.Runtime.Tests.Scheduler;

public sealed class CallDeadlinesTests
{
    private readonly SimulatedTimeProvider _time = FakeClock.Create();

    [Fact]
    public void Each_call_expires_at_its_own_deadline_in_deadline_order()
    {
        var deadlines = CallDeadlines.For(_time);
        var start = _time.GetUtcNow();
        var late = new Call(_time);
        var early = new Call(_time);
        var second = new Call(_time);
        deadlines.Add(late, TimeSpan.FromSeconds(10));
        deadlines.Add(early, TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(1));
        deadlines.Add(second, TimeSpan.FromSeconds(5));

        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(start.AddSeconds(2), early.ExpiredAt);
        Assert.Null(second.ExpiredAt);
        Assert.Null(late.ExpiredAt);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(start.AddSeconds(6), second.ExpiredAt);
        Assert.Equal(start.AddSeconds(10), late.ExpiredAt);
    }

    [Fact]
    public void A_completed_call_does_not_expire_and_the_others_still_do()
    {
        var deadlines = CallDeadlines.For(_time);
        var start = _time.GetUtcNow();
        var answered = new Call(_time);
        var hung = new Call(_time);
        deadlines.Add(answered, TimeSpan.FromSeconds(5));
        deadlines.Add(hung, TimeSpan.FromSeconds(5));
        answered.Complete(deadlines);

        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Null(answered.ExpiredAt);
        Assert.Equal(start.AddSeconds(5), hung.ExpiredAt);
    }

    [Fact]
    public void With_every_call_completed_nothing_expires_later()
    {
        var deadlines = CallDeadlines.For(_time);
        var first = new Call(_time);
        var second = new Call(_time);
        deadlines.Add(first, TimeSpan.FromSeconds(5));
        deadlines.Add(second, TimeSpan.FromSeconds(5));
        first.Complete(deadlines);
        second.Complete(deadlines);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(first.ExpiredAt);
        Assert.Null(second.ExpiredAt);

        // The deadlines still work for calls made afterwards.
        var later = new Call(_time);
        deadlines.Add(later, TimeSpan.FromSeconds(5));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(_time.GetUtcNow(), later.ExpiredAt);
    }

    private sealed class Call(TimeProvider time) : ICallDeadline
    {
        private bool _completed;

        public DateTimeOffset? ExpiredAt { get; private set; }

        public void Complete(CallDeadlines deadlines)
        {
            _completed = true;
            deadlines.Completed();
        }

        public void Expire()
        {
            // As a real call: a completed one ignores its deadline.
            if (!_completed && ExpiredAt is null)
            {
                ExpiredAt = time.GetUtcNow();
            }
        }
    }
}
