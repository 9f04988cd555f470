namespace SmartMaintenance.Detect.Evaluations;

internal static class FleetEvaluation
{
    public static int Run(IReadOnlyList<string> args, TextWriter output) => throw new ArgumentException("eval-fleet: not yet");
}
