using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Prediction;

namespace SmartMaintenance.Cloud.Agents.Tests.Prediction;

public sealed class PredictionAgentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static readonly (string Id, string Type, double Value, string Unit)[] Machine =
    [
        ("air-temp", "temperature", 300.1, "K"), ("process-temp", "temperature", 310.2, "K"), ("speed", "rotational_speed", 1500, "rpm"),
        ("torque", "torque", 42.5, "Nm"), ("tool-wear", "tool_wear", 180, "min"),
    ];

    private static (PredictionAgent Agent, RecordingBus Bus, RecordingModel Model) Create(FakeTimeProvider time, ModelPrediction? answer)
    {
        var bus = new RecordingBus();
        var model = new RecordingModel(answer);
        var options = new PredictionOptions { PeriodicInterval = TimeSpan.Zero };
        return (new PredictionAgent(bus, model, new NoPredictionStore(), time, Options.Create(options)), bus, model);
    }

    private static ReadingValidated Validated(string sensorId, string type, double value, DateTimeOffset at, long id, string unit = "C") =>
        new(AgentHarness.Meta($"r{id}", at), new SensorReading(id, "dev-1", sensorId, type, unit, "reading", value, at, "corr-1"));

    private static AnomalyDetected Anomaly(SensorReading reading, double score, double strongest) =>
        new(AgentHarness.Meta($"r{reading.ReadingId}/anomaly", reading.Timestamp), reading, score, AnomalySeverity.Critical,
            [new DetectorEvidence("robust-z", strongest, 0.5, "")], []);

    [Fact]
    public async Task HandleAnomaly_AllFiveInputsKnown_ModelCalledWithMappedValuesAndItsProbabilityUsed()
    {
        var time = new FakeTimeProvider(Now);
        var (agent, bus, model) = Create(time, new ModelPrediction(0.83, "HDF", "ai4i-failure v3"));
        long id = 1;
        foreach (var (sensor, type, value, unit) in Machine)
        {
            await agent.HandleAsync(Validated(sensor, type, value, Now, id++, unit), CancellationToken.None);
        }

        var torque = new SensorReading(id, "dev-1", "torque", "torque", "Nm", "reading", 61, Now, "corr-1");
        await agent.HandleAsync(Anomaly(torque, 0.1, 0.2), CancellationToken.None);

        var inputs = Assert.Single(model.Calls);
        Assert.Equal(new ModelInputs("dev-1", 300.1, 310.2, 1500, 61, 180), inputs);
        var prediction = Assert.Single(bus.Of<FailurePredicted>());
        Assert.Equal(0.83, prediction.FailureProbability);
        Assert.Equal("HDF", prediction.FailureMode);
        Assert.Equal("ai4i-failure v3", prediction.ModelVersion);
        Assert.Equal(0.83, prediction.Risk, 6);
    }

    [Fact]
    public async Task HandleAnomaly_InputsMissing_NoModelCallNoProbabilityAndMissingSensorsNamed()
    {
        var time = new FakeTimeProvider(Now);
        var (agent, bus, model) = Create(time, new ModelPrediction(0.9, "TWF", "v1"));
        await agent.HandleAsync(Validated("air-temp", "temperature", 300, Now, 1), CancellationToken.None);
        var torque = new SensorReading(2, "dev-1", "torque", "torque", "Nm", "reading", 61, Now, "corr-1");

        await agent.HandleAsync(Anomaly(torque, 0.1, 0.9), CancellationToken.None);

        Assert.Empty(model.Calls);
        var prediction = Assert.Single(bus.Of<FailurePredicted>());
        Assert.Null(prediction.FailureProbability);
        Assert.Null(prediction.ModelVersion);
        Assert.Contains("model inputs missing: process-temp, speed, tool-wear", prediction.Basis);
    }

    [Fact]
    public async Task HandleAnomaly_WarmingUpLikelihood_RiskFromStrongestDetector()
    {
        var (agent, bus, _) = Create(new FakeTimeProvider(Now), answer: null);
        var reading = new SensorReading(1, "dev-1", "v1", "vibration", "mm/s", "reading", 12, Now, "corr-1");

        await agent.HandleAsync(Anomaly(reading, score: 0, strongest: 0.97), CancellationToken.None);

        Assert.Equal(0.97, Assert.Single(bus.Of<FailurePredicted>()).Risk, 6);
    }

    [Fact]
    public async Task HandleAnomaly_RisingTrend_PredictedDateWhereHoltReachesThreshold()
    {
        var time = new FakeTimeProvider(Now);
        var (agent, bus, _) = Create(time, answer: null);
        // Temperature rising 1 °C per hour from 80: the 110 °C threshold is 30 h after the first reading.
        for (var h = 0; h <= 20; h++)
        {
            await agent.HandleAsync(Validated("t1", "temperature", 80 + h, Now.AddHours(h), h + 1), CancellationToken.None);
        }

        time.SetUtcNow(Now.AddHours(20));
        var last = new SensorReading(22, "dev-1", "t1", "temperature", "C", "reading", 101, Now.AddHours(21), "corr-1");
        await agent.HandleAsync(Anomaly(last, 0.1, 0.1), CancellationToken.None);

        var prediction = Assert.Single(bus.Of<FailurePredicted>());
        Assert.NotNull(prediction.PredictedFailureAt);
        var expected = Now.AddHours(30);
        Assert.InRange(prediction.PredictedFailureAt.Value, expected.AddHours(-3), expected.AddHours(3));
        Assert.Contains("Holt trend", prediction.Basis);
        Assert.Equal(1, prediction.Risk, 6); // crossing within 24 h of now = most urgent band
    }

    [Fact]
    public async Task HandleAnomaly_FlatTrendNoModel_NoDateAndBasisSaysSo()
    {
        var (agent, bus, _) = Create(new FakeTimeProvider(Now), answer: null);
        for (var i = 0; i < 20; i++)
        {
            await agent.HandleAsync(Validated("t1", "temperature", 50, Now.AddMinutes(i), i + 1), CancellationToken.None);
        }

        var reading = new SensorReading(30, "dev-1", "t1", "temperature", "C", "reading", 50, Now.AddMinutes(21), "corr-1");
        await agent.HandleAsync(Anomaly(reading, 0.3, 0.3), CancellationToken.None);

        var prediction = Assert.Single(bus.Of<FailurePredicted>());
        Assert.Null(prediction.PredictedFailureAt);
        Assert.Contains("trend does not reach the failure threshold", prediction.Basis);
        Assert.Equal(0.3, prediction.Risk, 6);
    }

    private sealed class RecordingModel(ModelPrediction? answer) : IFailureModel
    {
        public List<ModelInputs> Calls { get; } = [];

        public ValueTask<ModelPrediction?> PredictAsync(ModelInputs inputs, CancellationToken cancellationToken)
        {
            Calls.Add(inputs);
            return ValueTask.FromResult(answer);
        }
    }

    private sealed class NoPredictionStore : IPredictionStore
    {
        public Task AddAsync(FailurePredicted prediction, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<PredictionStats> StatsAsync(DateTimeOffset from, DateTimeOffset to, Func<string, string, bool> include,
            CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    [Fact]
    public async Task HandleValidated_KelvinTemperatureBelowTheCelsiusThreshold_NotTakenAsAlreadyFailed()
    {
        var time = new FakeTimeProvider(Now);
        var bus = new RecordingBus();
        var options = new PredictionOptions { PeriodicInterval = TimeSpan.FromHours(1), MinHistory = 2 };
        var agent = new PredictionAgent(bus, new RecordingModel(null), new NoPredictionStore(), time, Options.Create(options));

        // The virtual device's air temperature, steady at about 300 K = 27 °C: far below 110 °C, no trend.
        await agent.HandleAsync(Validated("air-temp", "temperature", 300.1, Now, 1, unit: "K"), CancellationToken.None);
        await agent.HandleAsync(Validated("air-temp", "temperature", 300.1, Now.AddSeconds(1), 2, unit: "K"), CancellationToken.None);

        var prediction = Assert.Single(bus.Of<FailurePredicted>());
        Assert.Null(prediction.PredictedFailureAt);
        Assert.Equal(0, prediction.Risk, 6);
        Assert.DoesNotContain("already at", prediction.Basis);
    }

    [Fact]
    public async Task HandleAnomaly_KelvinAboveTheCelsiusThreshold_AlreadyFailedWithTheThresholdInKelvin()
    {
        var (agent, bus, _) = Create(new FakeTimeProvider(Now), answer: null);
        var hot = new SensorReading(1, "dev-1", "t1", "temperature", "K", "reading", 400, Now, "corr-1");

        await agent.HandleAsync(Anomaly(hot, 0.1, 0.1), CancellationToken.None);

        var prediction = Assert.Single(bus.Of<FailurePredicted>());
        Assert.Equal(Now, prediction.PredictedFailureAt);
        Assert.Contains("threshold 383.1 K", prediction.Basis);
    }

    [Fact]
    public async Task HandleAnomaly_UnitOfAnotherQuantity_NoThresholdAndBasisSaysWhy()
    {
        var (agent, bus, _) = Create(new FakeTimeProvider(Now), answer: null);
        var accel = new SensorReading(1, "dev-1", "v1", "vibration", "g", "reading", 30, Now, "corr-1");

        await agent.HandleAsync(Anomaly(accel, 0.1, 0.1), CancellationToken.None);

        var prediction = Assert.Single(bus.Of<FailurePredicted>());
        Assert.Null(prediction.PredictedFailureAt);
        Assert.Contains("no failure threshold for vibration in g (the threshold is in mm/s)", prediction.Basis);
    }

    [Fact]
    public void Validate_ThresholdInAnUnknownUnit_NamesIt()
    {
        var options = new PredictionOptions();
        options.FailureThresholds["temperature"] = new FailureThreshold { Value = 100, Unit = "Rankine" };
        Assert.Contains(options.Validate(), e => e.Contains("FailureThresholds:temperature:Unit 'Rankine'"));
    }

    [Fact]
    public async Task HandleAnomaly_NoisyFlatSignalWhoseHoltTrendSwings_NoDateAndBasisSaysNotSignificant()
    {
        var time = new FakeTimeProvider(Now);
        var (agent, bus, _) = Create(time, answer: null);
        // 1 Hz vibration noise around 2 mm/s with a last upward burst: Holt's trend points up, the window's slope is ~0.
        var random = new Random(5);
        for (var i = 0; i < 120; i++)
        {
            var value = 2 + random.NextDouble() * 0.4 + (i >= 115 ? 1.5 : 0);
            await agent.HandleAsync(Validated("v1", "vibration", value, Now.AddSeconds(i), i + 1, unit: "mm/s"), CancellationToken.None);
        }

        var spike = new SensorReading(200, "dev-1", "v1", "vibration", "mm/s", "reading", 4, Now.AddSeconds(120), "corr-1");
        time.SetUtcNow(Now.AddSeconds(120));
        await agent.HandleAsync(Anomaly(spike, 0.1, 0.1), CancellationToken.None);

        var prediction = Assert.Single(bus.Of<FailurePredicted>());
        Assert.Null(prediction.PredictedFailureAt);
        Assert.Contains("not used: ", prediction.Basis);
        Assert.Equal(0.1, prediction.Risk, 6);
    }

    [Fact]
    public async Task HandleAnomaly_ConfirmedTrendButCrossingFarBeyondTheObservedSpan_NotExtrapolated()
    {
        var time = new FakeTimeProvider(Now);
        var (agent, bus, _) = Create(time, answer: null);
        // A clean rise of 0.01 °C/s over 60 s: 110 °C from 20 °C is 2.5 h ahead, far more than 4 x 1 min.
        for (var i = 0; i <= 60; i++)
        {
            await agent.HandleAsync(Validated("t1", "temperature", 20 + 0.01 * i, Now.AddSeconds(i), i + 1), CancellationToken.None);
        }

        time.SetUtcNow(Now.AddSeconds(60));
        var last = new SensorReading(100, "dev-1", "t1", "temperature", "C", "reading", 20.61, Now.AddSeconds(61), "corr-1");
        await agent.HandleAsync(Anomaly(last, 0.1, 0.1), CancellationToken.None);

        var prediction = Assert.Single(bus.Of<FailurePredicted>());
        Assert.Null(prediction.PredictedFailureAt);
        Assert.Contains("more than 4 x the", prediction.Basis);
    }

    [Fact]
    public async Task HandleAnomaly_InputsInOtherUnits_ConvertedToTheModelsUnitsOrNamedAsMissing()
    {
        var (agent, _, model) = Create(new FakeTimeProvider(Now), new ModelPrediction(0.2, null, "v1"));
        await agent.HandleAsync(Validated("air-temp", "temperature", 27, Now, 1, "°C"), CancellationToken.None);
        await agent.HandleAsync(Validated("process-temp", "temperature", 310.2, Now, 2, "K"), CancellationToken.None);
        await agent.HandleAsync(Validated("speed", "rotational_speed", 25, Now, 3, "Hz"), CancellationToken.None);
        await agent.HandleAsync(Validated("torque", "torque", 40, Now, 4, "Nm"), CancellationToken.None);
        await agent.HandleAsync(Validated("tool-wear", "tool_wear", 100, Now, 5, "min"), CancellationToken.None);

        var torque = new SensorReading(6, "dev-1", "torque", "torque", "Nm", "reading", 41, Now, "corr-1");
        await agent.HandleAsync(Anomaly(torque, 0.1, 0.2), CancellationToken.None);
        var inputs = Assert.Single(model.Calls);
        Assert.Equal(300.15, inputs.AirTemperatureK, 6);
        Assert.Equal(1500, inputs.RotationalSpeedRpm, 6);

        var (agent2, bus2, model2) = Create(new FakeTimeProvider(Now), new ModelPrediction(0.2, null, "v1"));
        foreach (var (sensor, type, value, unit) in Machine)
        {
            await agent2.HandleAsync(Validated(sensor, type, value, Now, 1, sensor == "air-temp" ? "rpm" : unit), CancellationToken.None);
        }

        await agent2.HandleAsync(Anomaly(torque, 0.1, 0.2), CancellationToken.None);
        Assert.Empty(model2.Calls);
        Assert.Contains("air-temp (in rpm, not convertible to K)", Assert.Single(bus2.Of<FailurePredicted>()).Basis);
    }

    [Fact]
    public async Task HandleAnomaly_ReadingAlsoDeliveredAsValidated_CountedOnceInTheTrend()
    {
        // The same anomalous reading reaches the agent as ReadingValidated and as AnomalyDetected (two consumers):
        // the forecast must be the one of a single delivery.
        async Task<string> BasisAsync(bool alsoValidated)
        {
            var time = new FakeTimeProvider(Now);
            var (agent, bus, _) = Create(time, answer: null);
            for (var i = 0; i < 30; i++)
            {
                await agent.HandleAsync(Validated("t1", "temperature", 20 + i % 2, Now.AddMinutes(i), i + 1), CancellationToken.None);
            }

            var hot = new SensorReading(31, "dev-1", "t1", "temperature", "C", "reading", 60, Now.AddMinutes(30), "corr-1");
            time.SetUtcNow(Now.AddMinutes(30));
            if (alsoValidated)
            {
                await agent.HandleAsync(new ReadingValidated(AgentHarness.Meta("r31", hot.Timestamp), hot), CancellationToken.None);
            }

            await agent.HandleAsync(Anomaly(hot, 0.1, 0.1), CancellationToken.None);
            return Assert.Single(bus.Of<FailurePredicted>()).Basis;
        }

        // Flat noise, then one hot reading: Holt points up, the window's slope test says "not significant (t = ...)",
        // and that t would change if the reading counted twice.
        var once = await BasisAsync(alsoValidated: false);
        Assert.Contains("not significant toward it (t = ", once);
        Assert.Equal(once, await BasisAsync(alsoValidated: true));
    }
}
