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

    [Fact]
    public void Calls_completed_out_of_order_leave_the_others_expiring_on_time()
    {
        var deadlines = CallDeadlines.For(_time);
        var start = _time.GetUtcNow();
        var calls = new List<Call>();
        for (var i = 0; i < 10; i++)
        {
            var call = new Call(_time);
            deadlines.Add(call, TimeSpan.FromSeconds(5));
            calls.Add(call);
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        // The first, the last and one in the middle stay pending; the rest complete from the back, then the front.
        foreach (var i in new[] { 8, 7, 6, 1, 2, 3, 5 })
        {
            calls[i].Complete(deadlines);
        }

        deadlines.Completed(calls[8]);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(start.AddSeconds(5), calls[0].ExpiredAt);
        Assert.Equal(start.AddSeconds(5.4), calls[4].ExpiredAt);
        Assert.Equal(start.AddSeconds(5.9), calls[9].ExpiredAt);
        Assert.All(new[] { 1, 2, 3, 5, 6, 7, 8 }, i => Assert.Null(calls[i].ExpiredAt));

        // An expired call that completes afterwards changes nothing.
        calls[0].Complete(deadlines);
    }

    private sealed class Call(TimeProvider time) : ICallDeadline
    {
        private bool _completed;

        public DateTimeOffset? ExpiredAt { get; private set; }

        public long Due { get; set; }

        public ICallDeadline? Previous { get; set; }

        public ICallDeadline? Next { get; set; }

        public CallDeadlines.Lane? Lane { get; set; }

        public void Complete(CallDeadlines deadlines)
        {
            _completed = true;
            deadlines.Completed(this);
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
