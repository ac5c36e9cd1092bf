namespace Orleans.Widgets.Runtime.Storage.Memory;

internal sealed class MemoryMembershipTable(MemoryDatabase database) : IMembershipTable
{
    public Task RegisterAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        MembershipRules.ThrowIfNotRegistrable(entry);
        lock (database.Sync)
        {
            if (!database.Silos.TryAdd(entry.SiloId, entry))
            {
                throw new InvalidOperationException($"Silo {entry.SiloId} is registered already.");
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> HeartbeatAsync(string siloId, long now, int activations, CancellationToken cancellationToken)
        => Task.FromResult(UpdateLive(siloId, e => e with { HeartbeatAt = Math.Max(e.HeartbeatAt, now), Activations = activations }));

    public Task<bool> UpdateStatusAsync(string siloId, MembershipStatus status, long now, CancellationToken cancellationToken)
    {
        MembershipRules.ThrowIfNotSelfTransition(status);
        return Task.FromResult(UpdateLive(siloId, e => e with { Status = status, HeartbeatAt = Math.Max(e.HeartbeatAt, now) }));
    }

    public Task<IReadOnlyList<string>> DeclareDeadAsync(long heartbeatBefore, CancellationToken cancellationToken)
    {
        var dead = new List<string>();
        lock (database.Sync)
        {
            foreach (var entry in database.Silos.Values.Where(e => e.IsLive && e.HeartbeatAt < heartbeatBefore).ToList())
            {
                database.Silos[entry.SiloId] = entry with { Status = MembershipStatus.Dead };
                dead.Add(entry.SiloId);
            }
        }

        dead.Sort(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>(dead);
    }

    public Task<int> DeleteDefunctAsync(long heartbeatBefore, CancellationToken cancellationToken)
    {
        lock (database.Sync)
        {
            var defunct = database.Silos.Values.Where(e => !e.IsLive && e.HeartbeatAt < heartbeatBefore).Select(e => e.SiloId).ToList();
            foreach (var siloId in defunct)
            {
                database.Silos.Remove(siloId);
            }

            return Task.FromResult(defunct.Count);
        }
    }

    public Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        lock (database.Sync)
        {
            IReadOnlyList<MembershipEntry> all = database.Silos.Values.OrderBy(e => e.SiloId, StringComparer.Ordinal).ToList();
            return Task.FromResult(all);
        }
    }

    private bool UpdateLive(string siloId, Func<MembershipEntry, MembershipEntry> change)
    {
        lock (database.Sync)
        {
            if (!database.Silos.TryGetValue(siloId, out var entry) || !entry.IsLive)
            {
                return false;
            }

            database.Silos[siloId] = change(entry);
            return true;
        }
    }
}
