using System.Runtime.InteropServices;

namespace SmartMaintenance.EdgeBroker.Observability;

/// <summary>
/// glibc's malloc_trim: gives the free memory of the C library's heaps (the main heap and every thread's arena) back
/// to the OS. Native allocations made while serving an attack (the runtime's own, sockets, TLS) are freed after it,
/// but glibc keeps the freed pages for reuse, and the .NET GC cannot return them (MemoryReclaimer,
/// docs/limits-and-abuse.md).
/// </summary>
internal static class NativeHeap
{
    /// <summary>True when memory was handed back; false when there was none to give, or no glibc (musl, macOS, Windows).</summary>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. Alpine's musl has no malloc_trim): nothing to trim this way.
            return false;
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
