using SmartMaintenance.VirtualDevice.Faults;
using SmartMaintenance.VirtualDevice.Machine;

namespace SmartMaintenance.Firmware.Tests.VirtualDevice;

public sealed class MachineModelTests
{
    private static float[][] Run(MachineModel machine, FaultInjector faults, int steps)
    {
        var rows = new float[steps][];
        for (var t = 0; t < steps; t++)
        {
            faults.BeforeStep(machine, t);
            machine.Step();
            rows[t] = Enumerable.Range(0, MachineSensors.Count).Select(s => faults.Apply(s, machine.Read(s), t, machine)).ToArray();
        }

        return rows;
    }

    [Fact]
    public void Step_SameSeed_SameSignals()
    {
        var a = Run(new MachineModel(5, ProductQuality.M), new FaultInjector([]), 500);
        var b = Run(new MachineModel(5, ProductQuality.M), new FaultInjector([]), 500);
        var c = Run(new MachineModel(6, ProductQuality.M), new FaultInjector([]), 500);

        Assert.Equal(a.SelectMany(r => r), b.SelectMany(r => r));
        Assert.NotEqual(a.SelectMany(r => r), c.SelectMany(r => r));
    }

    [Fact]
    public void Step_LongRun_MatchesTheDataSetsOperatingPoint()
    {
        var rows = Run(new MachineModel(1, ProductQuality.L), new FaultInjector([]), 20_000);

        double Mean(int s) => rows.Average(r => r[s]);
        Assert.InRange(Mean(MachineSensors.AirTemperature), 298, 302);
        Assert.InRange(Mean(MachineSensors.ProcessTemperature) - Mean(MachineSensors.AirTemperature), 9.5, 10.5);
        Assert.InRange(Mean(MachineSensors.Torque), 38, 42);
        Assert.InRange(Mean(MachineSensors.Speed), 1450, 1700);
        Assert.InRange(rows.Max(r => r[MachineSensors.ToolWear]), 200, 250);
        Assert.True(rows.All(r => r[MachineSensors.Torque] >= 0));
    }

    [Theory]
    [InlineData("hdf", "HeatDissipation")]
    [InlineData("pwf", "Power")]
    [InlineData("osf", "Overstrain")]
    [InlineData("twf", "ToolWear")]
    [InlineData("rnf", "Random")]
    public void Step_RunUpFault_LeadsToThatFailureMode(string mode, string expectedName)
    {
        var expected = Enum.Parse<FailureMode>(expectedName);
        var machine = new MachineModel(3, ProductQuality.L);
        var baseline = new MachineModel(3, ProductQuality.L);
        Run(baseline, new FaultInjector([]), 400);

        Run(machine, new FaultInjector([FaultSpec.Parse($"runup:{mode}:100:300")]), 400);

        Assert.True(machine.FailureCounts[(int)expected] > baseline.FailureCounts[(int)expected],
            $"{expected}: {machine.FailureCounts[(int)expected]} with the run-up, {baseline.FailureCounts[(int)expected]} without");
    }

    [Fact]
    public void Apply_SensorFaults_ShapeTheReadingsAsSpecified()
    {
        var faults = new FaultInjector(
        [
            FaultSpec.Parse("spike:vibration:10:1:50"),
            FaultSpec.Parse("stuck:motor-current:20:10"),
            FaultSpec.Parse("dropout:speed:30:5"),
            FaultSpec.Parse("drift:process-temp:0:100:20"),
        ]);
        var rows = Run(new MachineModel(9, ProductQuality.M), faults, 200);
        var clean = Run(new MachineModel(9, ProductQuality.M), new FaultInjector([]), 200);

        Assert.Equal(clean[10][MachineSensors.Vibration] + 50f, rows[10][MachineSensors.Vibration], 0.001f);
        Assert.Equal(clean[11][MachineSensors.Vibration], rows[11][MachineSensors.Vibration]);
        Assert.Single(rows.Skip(20).Take(10).Select(r => r[MachineSensors.MotorCurrent]).Distinct());
        Assert.All(rows.Skip(30).Take(5), r => Assert.True(float.IsNaN(r[MachineSensors.Speed])));
        Assert.False(float.IsNaN(rows[35][MachineSensors.Speed]));
        Assert.Equal(clean[150][MachineSensors.ProcessTemperature] + 20f, rows[150][MachineSensors.ProcessTemperature], 0.01f);
    }

    [Fact]
    public void Parse_UnknownSensor_ExplainsTheChoices()
    {
        var ex = Assert.Throws<ArgumentException>(() => FaultSpec.Parse("spike:humidity:1:1"));

        Assert.Contains("vibration", ex.Message);
    }
}
