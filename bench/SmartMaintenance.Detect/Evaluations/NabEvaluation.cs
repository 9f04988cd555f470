namespace SmartMaintenance.Detect.Evaluations;

internal static class NabEvaluation
{
    public static int Run(IReadOnlyList<string> args, TextWriter output) => throw new ArgumentException("eval-nab: not yet");
}
