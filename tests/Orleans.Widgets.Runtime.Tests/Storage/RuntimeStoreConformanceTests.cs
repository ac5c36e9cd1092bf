using Orleans.Widgets.Runtime.Storage;

namespace Orleans.Widgets.Runtime.Tests.Storage;

/// <summary>The behaviour every <see cref="IRuntimeStore"/> must have; one derived class per provider.</summary>
public abstract class RuntimeStoreConformanceTests(RuntimeStoreFixture fixture)
{
    private const string Owner = "silo-a";
    private const string Other = "silo-b";
    private const long Now = 1_700_000_000_000;
    private const long Later = Now + 60_000;

    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string _grainType = "test.grain." + Guid.NewGuid().ToString("N")[..8];

    private IRuntimeStore Store => fixture.Store;

    // ---- schema ----

    [Fact]
    public async Task Migrate_FromEmpty_ReachesTheRequiredVersion()
    {
        await using var store = await fixture.OpenEmptyAsync();
        Assert.Equal(0, await store.Schema.GetVersionAsync(None));
        Assert.True(store.Schema.RequiredVersion >= 1);

        var version = await store.Schema.MigrateAsync(None);

        Assert.Equal(store.Schema.RequiredVersion, version);
        Assert.Equal(store.Schema.RequiredVersion, await store.Schema.GetVersionAsync(None));
    }

    [Fact]
    public async Task Migrate_Again_ChangesNothing()
    {
        await using var store = await fixture.OpenEmptyAsync();
        await store.Schema.MigrateAsync(None);

        Assert.Equal(store.Schema.RequiredVersion, await store.Schema.MigrateAsync(None));
        Assert.Equal(store.Schema.RequiredVersion, await store.Schema.GetVersionAsync(None));
    }

    [Fact]
    public async Task Migrate_Concurrently_AppliesEachScriptOnce()
    {
        await using var store = await fixture.OpenEmptyAsync();

        var versions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.Schema.MigrateAsync(None))));

        Assert.All(versions, v => Assert.Equal(store.Schema.RequiredVersion, v));
        Assert.Equal(store.Schema.RequiredVersion, await store.Schema.GetVersionAsync(None));
    }

    // ---- state ----

    [Fact]
    public async Task ReadState_NeverWritten_IsNull()
        => Assert.Null(await Store.States.ReadAsync(_grainType, "nobody", "state", None));

    [Fact]
    public async Task WriteState_InsertThenUpdate_BumpsVersion()
    {
        var fence = await HoldAsync();

        var insert = State("k1", fence, expected: null, [1, 2]);
        await WriteAsync(insert);
        Assert.Equal(WriteOutcome.Written, insert.Outcome);
        AssertState(1, [1, 2], await ReadStateAsync("k1"));

        var update = State("k1", fence, expected: 1, [3]);
        await WriteAsync(update);
        Assert.Equal(WriteOutcome.Written, update.Outcome);
        AssertState(2, [3], await ReadStateAsync("k1"));
    }

    [Fact]
    public async Task WriteState_StaleVersion_IsRefusedAndChangesNothing()
    {
        var fence = await HoldAsync();
        await WriteAsync(State("k1", fence, null, [1]));
        await WriteAsync(State("k1", fence, 1, [2]));

        var stale = State("k1", fence, expected: 1, [9]);
        await WriteAsync(stale);

        Assert.Equal(WriteOutcome.VersionMismatch, stale.Outcome);
        AssertState(2, [2], await ReadStateAsync("k1"));
    }

    [Fact]
    public async Task WriteState_InsertOverExistingRow_IsVersionMismatch()
    {
        var fence = await HoldAsync();
        await WriteAsync(State("k1", fence, null, [1]));

        var insert = State("k1", fence, expected: null, [9]);
        await WriteAsync(insert);

        Assert.Equal(WriteOutcome.VersionMismatch, insert.Outcome);
        AssertState(1, [1], await ReadStateAsync("k1"));
    }

    [Fact]
    public async Task WriteState_UpdateOfMissingRow_IsVersionMismatch()
    {
        var fence = await HoldAsync();

        var update = State("k1", fence, expected: 3, [9]);
        await WriteAsync(update);

        Assert.Equal(WriteOutcome.VersionMismatch, update.Outcome);
        Assert.Null(await ReadStateAsync("k1"));
    }

    [Fact]
    public async Task ClearState_KeepsRowWithNullPayload_AndRefusesStaleWriters()
    {
        var fence = await HoldAsync();
        await WriteAsync(State("k1", fence, null, [1]));

        var clear = State("k1", fence, expected: 1, payload: null);
        await WriteAsync(clear);
        Assert.Equal(WriteOutcome.Written, clear.Outcome);
        AssertState(2, null, await ReadStateAsync("k1"));

        // A writer that read version 1 before the clear, and one that thinks nothing exists, both fail (no ABA).
        var staleUpdate = State("k1", fence, expected: 1, [7]);
        var staleInsert = State("k1", fence, expected: null, [8]);
        await WriteAsync(staleUpdate);
        await WriteAsync(staleInsert);
        Assert.Equal(WriteOutcome.VersionMismatch, staleUpdate.Outcome);
        Assert.Equal(WriteOutcome.VersionMismatch, staleInsert.Outcome);

        var next = State("k1", fence, expected: 2, [4]);
        await WriteAsync(next);
        Assert.Equal(WriteOutcome.Written, next.Outcome);
        AssertState(3, [4], await ReadStateAsync("k1"));
    }

    [Fact]
    public async Task ClearState_WithRemoveReminders_DeletesOnlyThatGrainsReminders()
    {
        var fence = await HoldAsync();
        await WriteAsync(State("k1", fence, null, [1]));
        await WriteAsync(State("k2", fence, null, [1]));
        await WriteRemindersAsync(Upsert("k1", "r1", fence, Now), Upsert("k1", "r2", fence, Now), Upsert("k2", "r1", fence, Now));

        var keep = State("k2", fence, expected: 1, payload: null);
        await WriteAsync(keep);
        var clear = new StateWriteOperation
        {
            GrainType = _grainType, GrainKey = "k1", StateName = "state", Fence = fence, ExpectedVersion = 1, Payload = null, RemoveReminders = true,
        };
        await WriteAsync(clear);

        Assert.Equal(WriteOutcome.Written, clear.Outcome);
        Assert.Empty(await Store.Reminders.ReadGrainAsync(_grainType, "k1", None));
        Assert.Single(await Store.Reminders.ReadGrainAsync(_grainType, "k2", None));
    }

    [Fact]
    public async Task WriteState_AfterAnotherOwnerTookTheShard_IsNotOwner()
    {
        var fence = await HoldAsync();
        await WriteAsync(State("k1", fence, null, [1]));

        var taken = await Store.Leases.AcquireAsync(Other, [fence.Shard], Now, Later, force: true, None);
        Assert.Single(taken);

        var write = State("k1", fence, expected: 1, [9]);
        await WriteAsync(write);
        Assert.Equal(WriteOutcome.NotOwner, write.Outcome);
        AssertState(1, [1], await ReadStateAsync("k1"));

        // The new owner writes under its own epoch.
        var theirs = State("k1", new ShardFence(fence.Shard, taken[0].Epoch), expected: 1, [5]);
        await Store.States.WriteAsync(Other, [theirs], None);
        Assert.Equal(WriteOutcome.Written, theirs.Outcome);
    }

    [Fact]
    public async Task WriteState_WithWrongEpoch_IsNotOwner()
    {
        var fence = await HoldAsync();

        var write = State("k1", fence with { Epoch = fence.Epoch + 1 }, null, [1]);
        await WriteAsync(write);

        Assert.Equal(WriteOutcome.NotOwner, write.Outcome);
        Assert.Null(await ReadStateAsync("k1"));
    }

    [Fact]
    public async Task WriteState_MixedBatch_AppliesOnlyTheValidOperations()
    {
        var fence = await HoldAsync();
        var foreign = await HoldAsync(Other);
        await WriteAsync(State("existing", fence, null, [1]));
        await WriteAsync(State("stale", fence, null, [1]));

        var insert = State("new", fence, null, [2]);
        var update = State("existing", fence, 1, [3]);
        var mismatch = State("stale", fence, 5, [4]);
        var notOwner = State("foreign", foreign, null, [5]);
        await WriteAsync(insert, update, mismatch, notOwner);

        Assert.Equal(WriteOutcome.Written, insert.Outcome);
        Assert.Equal(WriteOutcome.Written, update.Outcome);
        Assert.Equal(WriteOutcome.VersionMismatch, mismatch.Outcome);
        Assert.Equal(WriteOutcome.NotOwner, notOwner.Outcome);
        AssertState(1, [2], await ReadStateAsync("new"));
        AssertState(2, [3], await ReadStateAsync("existing"));
        AssertState(1, [1], await ReadStateAsync("stale"));
        Assert.Null(await ReadStateAsync("foreign"));
    }

    // ---- reminders ----

    [Fact]
    public async Task UpsertReminder_InsertsAtVersionOne_AndBumpsOnReplace()
    {
        var fence = await HoldAsync();

        var first = Upsert("k1", "r", fence, Now, period: 1000);
        await WriteRemindersAsync(first);
        Assert.Equal(WriteOutcome.Written, first.Outcome);
        Assert.Equal(1, first.NewVersion);

        var second = Upsert("k1", "r", fence, Now + 5, period: 2000);
        await WriteRemindersAsync(second);
        Assert.Equal(2, second.NewVersion);

        var stored = await Store.Reminders.ReadAsync(_grainType, "k1", "r", None);
        Assert.NotNull(stored);
        Assert.Equal(2, stored.Version);
        Assert.Equal(Now + 5, stored.DueAt);
        Assert.Equal(2000, stored.PeriodMs);
        Assert.Equal(fence.Shard, stored.Shard);
    }

    [Fact]
    public async Task RescheduleReminder_MovesDueTimeOnlyAtTheStoredVersion()
    {
        var fence = await HoldAsync();
        await WriteRemindersAsync(Upsert("k1", "r", fence, Now, period: 1000));

        var ok = Reminder(ReminderWriteKind.Reschedule, "k1", "r", fence, Now + 1000, version: 1);
        await WriteRemindersAsync(ok);
        Assert.Equal(WriteOutcome.Written, ok.Outcome);
        var stored = await Store.Reminders.ReadAsync(_grainType, "k1", "r", None);
        Assert.Equal(Now + 1000, stored!.DueAt);
        Assert.Equal(1, stored.Version);
        Assert.Equal(Now, stored.StartAt);

        var stale = Reminder(ReminderWriteKind.Reschedule, "k1", "r", fence, Now + 9000, version: 7);
        var missing = Reminder(ReminderWriteKind.Reschedule, "k1", "gone", fence, Now + 9000, version: 1);
        await WriteRemindersAsync(stale, missing);
        Assert.Equal(WriteOutcome.VersionMismatch, stale.Outcome);
        Assert.Equal(WriteOutcome.VersionMismatch, missing.Outcome);
        Assert.Equal(Now + 1000, (await Store.Reminders.ReadAsync(_grainType, "k1", "r", None))!.DueAt);
        Assert.Null(await Store.Reminders.ReadAsync(_grainType, "k1", "gone", None));
    }

    [Fact]
    public async Task DeleteIfVersion_DeletesOnlyAtTheStoredVersion()
    {
        var fence = await HoldAsync();
        await WriteRemindersAsync(Upsert("k1", "r", fence, Now));
        await WriteRemindersAsync(Upsert("k1", "r", fence, Now));

        var stale = Reminder(ReminderWriteKind.DeleteIfVersion, "k1", "r", fence, Now, version: 1);
        await WriteRemindersAsync(stale);
        Assert.Equal(WriteOutcome.VersionMismatch, stale.Outcome);
        Assert.NotNull(await Store.Reminders.ReadAsync(_grainType, "k1", "r", None));

        var current = Reminder(ReminderWriteKind.DeleteIfVersion, "k1", "r", fence, Now, version: 2);
        await WriteRemindersAsync(current);
        Assert.Equal(WriteOutcome.Written, current.Outcome);
        Assert.Null(await Store.Reminders.ReadAsync(_grainType, "k1", "r", None));
    }

    [Fact]
    public async Task DeleteReminder_DeletesRegardlessOfVersion()
    {
        var fence = await HoldAsync();
        await WriteRemindersAsync(Upsert("k1", "r", fence, Now));
        await WriteRemindersAsync(Upsert("k1", "r", fence, Now));

        var delete = Reminder(ReminderWriteKind.Delete, "k1", "r", fence, Now, version: 0);
        await WriteRemindersAsync(delete);

        Assert.Equal(WriteOutcome.Written, delete.Outcome);
        Assert.Null(await Store.Reminders.ReadAsync(_grainType, "k1", "r", None));
    }

    [Fact]
    public async Task WriteReminder_NotOwner_ChangesNothing()
    {
        var fence = await HoldAsync();
        var foreign = await HoldAsync(Other);

        var mine = Upsert("k1", "r", fence, Now);
        var theirs = Upsert("k2", "r", foreign, Now);
        await WriteRemindersAsync(mine, theirs);

        Assert.Equal(WriteOutcome.Written, mine.Outcome);
        Assert.Equal(WriteOutcome.NotOwner, theirs.Outcome);
        Assert.Null(await Store.Reminders.ReadAsync(_grainType, "k2", "r", None));
    }

    [Fact]
    public async Task ReadDue_FiltersByShardAndWindow_OrderedByDueTime()
    {
        var a = await HoldAsync();
        var b = await HoldAsync();
        var c = await HoldAsync();
        await WriteRemindersAsync(
            Upsert("k1", "late", a, Now + 300),
            Upsert("k1", "early", a, Now + 100),
            Upsert("k2", "middle", b, Now + 200),
            Upsert("k3", "other-shard", c, Now + 150),
            Upsert("k4", "before", a, Now - 1),
            Upsert("k5", "at-end", b, Now + 400));

        var due = await Store.Reminders.ReadDueAsync([a.Shard, b.Shard], Now, Now + 400, None);

        Assert.Equal(["early", "middle", "late"], due.Select(r => r.Name));
        Assert.Empty(await Store.Reminders.ReadDueAsync([], Now, Now + 400, None));
    }

    [Fact]
    public async Task ReadGrain_AndCount_SeeEveryReminder()
    {
        var fence = await HoldAsync();
        var before = await Store.Reminders.CountAsync(None);
        await WriteRemindersAsync(Upsert("k1", "b", fence, Now), Upsert("k1", "a", fence, Now), Upsert("k2", "a", fence, Now));

        var grain = await Store.Reminders.ReadGrainAsync(_grainType, "k1", None);

        Assert.Equal(["a", "b"], grain.Select(r => r.Name));
        Assert.Equal(before + 3, await Store.Reminders.CountAsync(None));
    }

    // ---- leases ----

    [Fact]
    public async Task InitializeShardCount_FirstCallerWins_AndCreatesFreeLeases()
    {
        await using var store = await fixture.OpenEmptyAsync();
        await store.Schema.MigrateAsync(None);

        var counts = await Task.WhenAll(Task.Run(() => store.Leases.InitializeShardCountAsync(8, None)), Task.Run(() => store.Leases.InitializeShardCountAsync(8, None)));
        Assert.All(counts, c => Assert.Equal(8, c));
        Assert.Equal(8, await store.Leases.InitializeShardCountAsync(16, None));

        var leases = await store.Leases.ReadAllAsync(None);
        Assert.Equal(Enumerable.Range(0, 8), leases.Select(l => l.Shard));
        Assert.All(leases, l => Assert.Equal(new ShardLease(l.Shard, string.Empty, 0, 0), l));
        Assert.Equal(RuntimeStoreFixture.ShardCount, await Store.Leases.InitializeShardCountAsync(7, None));
    }

    [Fact]
    public async Task Acquire_TakesOnlyExpiredLeases_AndIncrementsEpoch()
    {
        var shards = fixture.TakeShards(2);

        var first = await Store.Leases.AcquireAsync(Owner, shards, Now, Later, force: false, None);
        Assert.Equal([new ShardLease(shards[0], Owner, 1, Later), new ShardLease(shards[1], Owner, 1, Later)], first);

        Assert.Empty(await Store.Leases.AcquireAsync(Other, shards, Now + 1, Later + 1, force: false, None));

        var afterExpiry = await Store.Leases.AcquireAsync(Other, [shards[0]], Later + 1, Later + 60_000, force: false, None);
        Assert.Equal([new ShardLease(shards[0], Other, 2, Later + 60_000)], afterExpiry);

        var all = await Store.Leases.ReadAllAsync(None);
        Assert.Equal(new ShardLease(shards[1], Owner, 1, Later), all.Single(l => l.Shard == shards[1]));
    }

    [Fact]
    public async Task Acquire_WithForce_TakesHeldLeases()
    {
        var shards = fixture.TakeShards(1);
        await Store.Leases.AcquireAsync(Owner, shards, Now, Later, force: false, None);

        var taken = await Store.Leases.AcquireAsync(Other, shards, Now, Later, force: true, None);

        Assert.Equal([new ShardLease(shards[0], Other, 2, Later)], taken);
    }

    [Fact]
    public async Task Renew_ExtendsOnlyLeasesStillHeldAtTheirEpoch()
    {
        var shards = fixture.TakeShards(2);
        var held = await Store.Leases.AcquireAsync(Owner, shards, Now, Later, force: false, None);
        await Store.Leases.AcquireAsync(Other, [shards[1]], Now, Later, force: true, None);

        var renewed = await Store.Leases.RenewAsync(Owner, held, Later + 5000, None);

        Assert.Equal([shards[0]], renewed);
        var all = await Store.Leases.ReadAllAsync(None);
        Assert.Equal(new ShardLease(shards[0], Owner, 1, Later + 5000), all.Single(l => l.Shard == shards[0]));
        Assert.Equal(new ShardLease(shards[1], Other, 2, Later), all.Single(l => l.Shard == shards[1]));
    }

    [Fact]
    public async Task Release_ExpiresHeldLeases_SoOthersCanTakeThem()
    {
        var shards = fixture.TakeShards(2);
        var held = await Store.Leases.AcquireAsync(Owner, shards, Now, Later, force: false, None);
        var stale = held[1] with { Epoch = held[1].Epoch + 5 };

        await Store.Leases.ReleaseAsync(Owner, [held[0], stale], None);

        var taken = await Store.Leases.AcquireAsync(Other, shards, Now + 1, Later, force: false, None);
        Assert.Equal([new ShardLease(shards[0], Other, 2, Later)], taken);
    }

    // ---- membership ----

    [Fact]
    public async Task Register_AddsARow_AndRefusesTheSameSiloIdTwice()
    {
        var entry = Silo("a", MembershipStatus.Joining, Now);
        await Store.Membership.RegisterAsync(entry, None);

        Assert.Equal(entry, (await Store.Membership.ReadAllAsync(None)).Single(e => e.SiloId == entry.SiloId));
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.Membership.RegisterAsync(entry with { Port = 1 }, None));
        Assert.Contains("registered already", again.Message, StringComparison.Ordinal);
        Assert.Equal(entry, (await Store.Membership.ReadAllAsync(None)).Single(e => e.SiloId == entry.SiloId));
    }

    [Fact]
    public async Task Register_RefusesARowThatIsNotLive()
    {
        var dead = Silo("born-dead", MembershipStatus.Dead, Now);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.Membership.RegisterAsync(dead, None));

        Assert.DoesNotContain(await Store.Membership.ReadAllAsync(None), e => e.SiloId == dead.SiloId);
    }

    [Fact]
    public async Task Heartbeat_MovesForwardOnly_AndStatusChangesKeepTheRowLiveUntilLeft()
    {
        var entry = Silo("b", MembershipStatus.Joining, Now);
        await Store.Membership.RegisterAsync(entry, None);

        Assert.True(await Store.Membership.HeartbeatAsync(entry.SiloId, Now + 1000, 7, None));
        Assert.Equal(7, (await ReadSiloAsync(entry.SiloId)).Activations);
        Assert.True(await Store.Membership.HeartbeatAsync(entry.SiloId, Now + 500, 0, None));
        Assert.Equal(Now + 1000, (await ReadSiloAsync(entry.SiloId)).HeartbeatAt);

        Assert.True(await Store.Membership.UpdateStatusAsync(entry.SiloId, MembershipStatus.Active, Now + 2000, None));
        Assert.Equal(entry with { Status = MembershipStatus.Active, HeartbeatAt = Now + 2000 }, await ReadSiloAsync(entry.SiloId));

        Assert.True(await Store.Membership.UpdateStatusAsync(entry.SiloId, MembershipStatus.Left, Now + 3000, None));
        Assert.False(await Store.Membership.HeartbeatAsync(entry.SiloId, Now + 4000, 0, None));
        Assert.False(await Store.Membership.UpdateStatusAsync(entry.SiloId, MembershipStatus.Active, Now + 4000, None));
        Assert.Equal(entry with { Status = MembershipStatus.Left, HeartbeatAt = Now + 3000 }, await ReadSiloAsync(entry.SiloId));
        Assert.False(await Store.Membership.HeartbeatAsync("never-registered", Now, 0, None));
    }

    [Fact]
    public async Task UpdateStatus_ToDeadOrJoining_IsRefused()
    {
        var entry = Silo("c", MembershipStatus.Active, Now);
        await Store.Membership.RegisterAsync(entry, None);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.Membership.UpdateStatusAsync(entry.SiloId, MembershipStatus.Dead, Now, None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.Membership.UpdateStatusAsync(entry.SiloId, MembershipStatus.Joining, Now, None));

        Assert.Equal(entry, await ReadSiloAsync(entry.SiloId));
    }

    [Fact]
    public async Task DeclareDead_TakesOnlyLiveSilosWithOldHeartbeats_AndTheyNeverComeBack()
    {
        await using var store = await fixture.OpenEmptyAsync();
        await store.Schema.MigrateAsync(None);
        var stale = Silo("stale", MembershipStatus.Active, Now);
        var joining = Silo("stale-joining", MembershipStatus.Joining, Now + 10);
        var fresh = Silo("fresh", MembershipStatus.Active, Now + 5000);
        var left = Silo("left", MembershipStatus.Active, Now);
        foreach (var entry in new[] { stale, joining, fresh, left })
        {
            await store.Membership.RegisterAsync(entry, None);
        }

        await store.Membership.UpdateStatusAsync(left.SiloId, MembershipStatus.Left, Now, None);

        var dead = await store.Membership.DeclareDeadAsync(Now + 1000, None);

        Assert.Equal(new[] { stale.SiloId, joining.SiloId }.Order(StringComparer.Ordinal), dead);
        Assert.Empty(await store.Membership.DeclareDeadAsync(Now + 1000, None));
        Assert.False(await store.Membership.HeartbeatAsync(stale.SiloId, Now + 6000, 0, None));
        Assert.False(await store.Membership.UpdateStatusAsync(stale.SiloId, MembershipStatus.Active, Now + 6000, None));
        var all = await store.Membership.ReadAllAsync(None);
        Assert.Equal(all.Select(e => e.SiloId).Order(StringComparer.Ordinal), all.Select(e => e.SiloId));
        Assert.Equal(
            [(stale.SiloId, MembershipStatus.Dead), (joining.SiloId, MembershipStatus.Dead), (fresh.SiloId, MembershipStatus.Active), (left.SiloId, MembershipStatus.Left)],
            new[] { stale, joining, fresh, left }.Select(e => (e.SiloId, all.Single(a => a.SiloId == e.SiloId).Status)));
        Assert.Equal(Now, all.Single(e => e.SiloId == stale.SiloId).HeartbeatAt);

        // Only dead or left rows with old heartbeats go; live rows stay whatever their heartbeat.
        Assert.Equal(2, await store.Membership.DeleteDefunctAsync(Now + 5, None));
        Assert.Equal(
            new[] { joining.SiloId, fresh.SiloId }.Order(StringComparer.Ordinal),
            (await store.Membership.ReadAllAsync(None)).Select(e => e.SiloId));
        await store.Membership.UpdateStatusAsync(fresh.SiloId, MembershipStatus.Left, Now + 5000, None);
        Assert.Equal(1, await store.Membership.DeleteDefunctAsync(Now + 5000, None));
        Assert.Equal([fresh.SiloId], (await store.Membership.ReadAllAsync(None)).Select(e => e.SiloId));
        Assert.Equal(1, await store.Membership.DeleteDefunctAsync(Now + 5001, None));
        Assert.Empty(await store.Membership.ReadAllAsync(None));
    }

    // ---- helpers ----

    private async Task<ShardFence> HoldAsync(string owner = Owner)
    {
        var shard = fixture.TakeShards(1)[0];
        var taken = await Store.Leases.AcquireAsync(owner, [shard], Now, Later, force: true, None);
        return new ShardFence(shard, Assert.Single(taken).Epoch);
    }

    private StateWriteOperation State(string key, ShardFence fence, long? expected, byte[]? payload)
        => new() { GrainType = _grainType, GrainKey = key, StateName = "state", Fence = fence, ExpectedVersion = expected, Payload = payload };

    private ReminderWriteOperation Upsert(string key, string name, ShardFence fence, long dueAt, long period = 0)
        => new()
        {
            Kind = ReminderWriteKind.Upsert,
            Record = new ReminderRecord { GrainType = _grainType, GrainKey = key, Name = name, Shard = fence.Shard, StartAt = dueAt, DueAt = dueAt, PeriodMs = period },
            Epoch = fence.Epoch,
        };

    private ReminderWriteOperation Reminder(ReminderWriteKind kind, string key, string name, ShardFence fence, long dueAt, long version)
        => new()
        {
            Kind = kind,
            Record = new ReminderRecord
            {
                GrainType = _grainType, GrainKey = key, Name = name, Shard = fence.Shard, StartAt = Now, DueAt = dueAt, PeriodMs = 1000, Version = version,
            },
            Epoch = fence.Epoch,
        };

    private MembershipEntry Silo(string name, MembershipStatus status, long heartbeatAt)
        => new($"{name}@{_grainType}", name, 7, "127.0.0.1", 11111, status, Now - 60_000, heartbeatAt);

    private async Task<MembershipEntry> ReadSiloAsync(string siloId)
        => (await Store.Membership.ReadAllAsync(None)).Single(e => e.SiloId == siloId);

    private Task WriteAsync(params StateWriteOperation[] batch) => Store.States.WriteAsync(Owner, batch, None);

    private Task WriteRemindersAsync(params ReminderWriteOperation[] batch) => Store.Reminders.WriteAsync(Owner, batch, None);

    private Task<GrainStateRecord?> ReadStateAsync(string key) => Store.States.ReadAsync(_grainType, key, "state", None);

    private static void AssertState(long version, byte[]? payload, GrainStateRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(version, actual.Version);
        Assert.Equal(payload, actual.Payload);
    }
}
