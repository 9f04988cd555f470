using SmartMaintenance.EdgeBroker.Ingress;

namespace SmartMaintenance.EdgeBroker.Tests.Ingress;

/// <summary>Sequence progress per device: redeliveries are recognised, and every failed write is admitted again.</summary>
public sealed class DeviceSequenceTests
{
    [Fact]
    public void TryAdmit_SequenceAtOrBelowTheMark_IsARedelivery()
    {
        var sequence = new DeviceSequence("dev-1");

        Assert.True(sequence.TryAdmit(1));
        Assert.True(sequence.TryAdmit(2));

        Assert.False(sequence.TryAdmit(2));
        Assert.False(sequence.TryAdmit(1));
    }

    [Fact]
    public void Forget_SeveralInFlightOfOneFailedGroup_AdmitsEveryResend()
    {
        var sequence = new DeviceSequence("dev-1");
        for (var seq = 1; seq <= 5; seq++)
        {
            Assert.True(sequence.TryAdmit(seq));
        }

        // The group with 3, 4 and 5 failed; 1 and 2 were stored.
        foreach (var seq in new[] { 3, 4, 5 })
        {
            sequence.Forget(seq);
        }

        Assert.False(sequence.TryAdmit(1));
        Assert.False(sequence.TryAdmit(2));
        Assert.True(sequence.TryAdmit(3));
        Assert.True(sequence.TryAdmit(4));
        Assert.True(sequence.TryAdmit(5));
        Assert.False(sequence.TryAdmit(5));
    }

    [Fact]
    public void Forget_FailedGroupFollowedByAStoredReading_AdmitsTheFailedOnesOnlyOnce()
    {
        var sequence = new DeviceSequence("dev-1");
        for (var seq = 1; seq <= 4; seq++)
        {
            Assert.True(sequence.TryAdmit(seq));
        }

        // 1-3 failed in one group, 4 (next group) was stored, then the device went on with 5.
        foreach (var seq in new[] { 1, 2, 3 })
        {
            sequence.Forget(seq);
        }

        Assert.True(sequence.TryAdmit(5));

        // The device reconnects and replays 1-5.
        Assert.Equal([true, true, true, false, false], new long[] { 1, 2, 3, 4, 5 }.Select(sequence.TryAdmit));
        Assert.Equal([false, false, false], new long[] { 1, 2, 3 }.Select(sequence.TryAdmit));
    }

    [Fact]
    public void Forget_WholeWindowFailedThenTheNextReadingStored_AdmitsTheResendsOfTheWindow()
    {
        var sequence = new DeviceSequence("dev-1");
        for (var seq = 1; seq <= 5; seq++)
        {
            Assert.True(sequence.TryAdmit(seq));
            sequence.Forget(seq);
        }

        Assert.True(sequence.TryAdmit(6));

        Assert.Equal([true, true, true, true, true, false], new long[] { 1, 2, 3, 4, 5, 6 }.Select(sequence.TryAdmit));
    }

    [Fact]
    public async Task RedeliveryDurable_OriginalStillWaitingForTheDisk_CompletesOnlyWhenItIsDurable()
    {
        var sequence = new DeviceSequence("dev-1");
        var disk = new TaskCompletionSource();
        Assert.True(sequence.TryAdmit(1));
        sequence.Appended(disk.Task);

        var barrier = sequence.RedeliveryDurable(1);

        Assert.NotNull(barrier);
        Assert.False(barrier.IsCompleted);
        disk.SetResult();
        await barrier;
        Assert.Null(sequence.RedeliveryDurable(1));
    }

    [Fact]
    public async Task RedeliveryDurable_OriginalWriteFails_FailsSoThePubAckIsWithheld()
    {
        var sequence = new DeviceSequence("dev-1");
        var disk = new TaskCompletionSource();
        Assert.True(sequence.TryAdmit(1));
        Assert.True(sequence.TryAdmit(2));
        sequence.Appended(disk.Task);
        var barrier = sequence.RedeliveryDurable(1)!;

        // What the outbox writer does: tell the listener first, then fail the task.
        sequence.Forget(1);
        sequence.Forget(2);
        disk.SetException(new IOException("No space left on device"));

        await Assert.ThrowsAsync<IOException>(() => barrier);
        Assert.True(sequence.TryAdmit(1));
    }
}

/// <summary>Issue 13, finding 2: a device whose counter restarts (reflash, reset) starts a new epoch instead of being dropped.</summary>
public sealed class DeviceSequenceEpochTests
{
    [Fact]
    public void Admit_SequenceFarBelowTheHighest_StartsANewEpochAboveEveryOldCloudSequence()
    {
        var sequence = new DeviceSequence("dev-1", replayWindow: 10);
        for (var seq = 0L; seq <= 100; seq++)
        {
            Assert.Equal(SequenceOutcome.Admitted, sequence.Admit(seq, out var cloud));
            Assert.Equal(seq, cloud);
        }

        Assert.Equal(SequenceOutcome.Restarted, sequence.Admit(0, out var first));
        Assert.Equal(SequenceOutcome.Admitted, sequence.Admit(1, out var second));
        // Replays of the new epoch are redeliveries as before.
        Assert.Equal(SequenceOutcome.Duplicate, sequence.Admit(1, out _));

        Assert.Equal(101, first);
        Assert.Equal(102, second);
        Assert.Equal(101, sequence.EpochBase);
    }

    [Fact]
    public void Admit_WithinTheReplayWindow_IsARedeliveryNotARestart()
    {
        var sequence = new DeviceSequence("dev-1", replayWindow: 10);
        for (var seq = 0L; seq <= 100; seq++)
        {
            sequence.Admit(seq, out _);
        }

        Assert.Equal(SequenceOutcome.Duplicate, sequence.Admit(90, out _));
        Assert.Equal(0, sequence.EpochBase);
    }

    [Fact]
    public void Admit_HighestFromBeforeABrokerRestart_DetectsACounterThatRestartedMeanwhile()
    {
        // Loaded from sequences.json: base 0, highest 5000; the mark itself starts empty.
        var sequence = new DeviceSequence("dev-1", replayWindow: 1024, epochBase: 0, highest: 5000);

        Assert.Equal(SequenceOutcome.Admitted, sequence.Admit(4990, out var replay));
        Assert.Equal(SequenceOutcome.Restarted, new DeviceSequence("dev-2", 1024, 0, 5000).Admit(3, out var restarted));

        Assert.Equal(4990, replay);
        Assert.Equal(5004, restarted);
    }
}
