using Orleans.Widgets.Runtime.Reminders;

namespace Orleans.Widgets.Runtime.Tests.Reminders;

/// <summary>The wheel's remembered earliest due time against a fresh scan of the same wheel, over seeded random histories.</summary>
public sealed class TimingWheelTests
{
    private const long SlotMs = 100;
    private const int Slots = 50;

    private sealed record Item(long DueAt);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void The_remembered_earliest_due_time_is_held_and_never_later_than_a_scan(int seed)
    {
        var random = new Random(seed);
        var now = 1_000_000L;
        var wheel = new TimingWheel<Item>(now, SlotMs, Slots, static i => i.DueAt);
        var held = new List<Item>();
        var due = new List<Item>();
        for (var step = 0; step < 5_000; step++)
        {
            switch (random.Next(10))
            {
                case < 6:
                    // Mostly within a turn, sometimes overdue or beyond a turn, as the reminder service can hold.
                    var item = new Item(now + random.Next(-300, (int)(SlotMs * Slots * 1.5)));
                    wheel.Add(item);
                    held.Add(item);
                    break;
                case < 9:
                    now += random.Next(0, 400);
                    due.Clear();
                    wheel.Advance(now, due);
                    held.RemoveAll(due.Contains);
                    Assert.All(due, d => Assert.True(d.DueAt <= now));
                    break;
                default:
                    var threshold = now + random.Next(0, (int)(SlotMs * Slots));
                    wheel.RemoveWhere(i => i.DueAt > threshold);
                    held.RemoveAll(i => i.DueAt > threshold);
                    break;
            }

            var remembered = wheel.NextDue();
            Assert.Equal(held.Count, wheel.Count);
            if (held.Count == 0)
            {
                Assert.Null(remembered);
                continue;
            }

            Assert.NotNull(remembered);
            var scanned = Scan(held, now);
            Assert.True(remembered <= scanned, $"step {step}: remembered {remembered} is later than a scan's {scanned}");
            Assert.True(remembered == long.MinValue || held.Any(i => i.DueAt == remembered), $"step {step}: {remembered} is no held item's due time");
            Assert.True(remembered == long.MinValue || remembered >= held.Min(i => i.DueAt));
        }
    }

    [Fact]
    public void Adding_an_earlier_item_lowers_the_answer_and_advancing_past_it_raises_it()
    {
        var wheel = new TimingWheel<Item>(0, SlotMs, Slots, static i => i.DueAt);
        wheel.Add(new Item(2_000));
        Assert.Equal(2_000, wheel.NextDue());
        wheel.Add(new Item(700));
        Assert.Equal(700, wheel.NextDue());
        wheel.Add(new Item(900));
        Assert.Equal(700, wheel.NextDue());

        var due = new List<Item>();
        wheel.Advance(800, due);
        Assert.Equal([new Item(700)], due);
        Assert.Equal(900, wheel.NextDue());
    }

    /// <summary>What the wheel answered before it remembered: a new wheel holding the same items, asked once.</summary>
    private static long? Scan(IEnumerable<Item> held, long now)
    {
        var copy = new TimingWheel<Item>(now, SlotMs, Slots, static i => i.DueAt);
        foreach (var item in held)
        {
            copy.Add(item);
        }

        return copy.NextDue();
    }
}
