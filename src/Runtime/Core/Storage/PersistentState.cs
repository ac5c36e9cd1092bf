using System.Globalization;
using Orleans.Widgets.Runtime.Catalog;
using Orleans.Widgets.Runtime.Diagnostics;
using Orleans.Widgets.Storage;

namespace Orleans.Widgets.Runtime.Storage;

/// <summary>A grain's named state, read at activation and written through group commit under the activation's fence.</summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IActivationStateLoader
    where TState : new()
{
    private readonly ActivationData _activation;
    private readonly string _stateName;
    private readonly bool _removeRemindersOnClear;
    private long? _version;

    public PersistentState(ActivationData activation, string stateName, bool removeRemindersOnClear)
    {
        _activation = activation;
        _stateName = stateName;
        _removeRemindersOnClear = removeRemindersOnClear;
    }

    public TState State { get; set; } = new();

    public string? Etag => _version?.ToString(CultureInfo.InvariantCulture);

    public bool RecordExists { get; private set; }

    public Task LoadAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var id = _activation.GrainId;
        var record = await _activation.Runtime.StateStore.ReadAsync(id.Type.Value, id.Key, _stateName, cancellationToken);
        _version = record?.Version;
        RecordExists = record?.Payload is not null;
        State = record?.Payload is { } payload ? _activation.Runtime.Serializer.Deserialize<TState>(payload) : new TState();
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var operation = NewOperation(_activation.Runtime.Serializer.Serialize(State), removeReminders: false);
        await WriteAsync(operation);
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        var operation = NewOperation(payload: null, _removeRemindersOnClear);
        await WriteAsync(operation);
        RecordExists = false;
        State = new TState();
        if (_removeRemindersOnClear)
        {
            _activation.Runtime.Reminders.ForgetGrain(_activation.GrainId);
        }
    }

    private StateWriteOperation NewOperation(byte[]? payload, bool removeReminders) => new()
    {
        GrainType = _activation.GrainId.Type.Value,
        GrainKey = _activation.GrainId.Key,
        StateName = _stateName,
        Fence = _activation.Fence,
        ExpectedVersion = _version,
        Payload = payload,
        RemoveReminders = removeReminders,
    };

    private async Task WriteAsync(StateWriteOperation operation)
    {
        await _activation.Runtime.Writer.WriteAsync(operation);
        RuntimeInstruments.StateWrites.Add(1, new KeyValuePair<string, object?>("outcome", operation.Outcome.ToString()));
        switch (operation.Outcome)
        {
            case WriteOutcome.Written:
                _version = operation.NewVersion;
                return;
            case WriteOutcome.VersionMismatch:
                throw new InconsistentStateException(
                    $"State '{_stateName}' of {_activation.GrainId} was changed by another writer since it was read (ETag {Etag ?? "none"}); nothing was written.",
                    storedEtag: null,
                    currentEtag: Etag);
            case WriteOutcome.NotOwner:
                _activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ShardLost, "A state write was fenced off: the shard's lease moved."));
                throw new ShardNotOwnedException(operation.Fence.Shard, operation.Fence.Epoch);
            default:
                throw new InvalidOperationException($"The store left the write of {_activation.GrainId} without an outcome.");
        }
    }
}
