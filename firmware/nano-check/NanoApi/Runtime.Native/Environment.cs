// Mirrors nanoFramework.Runtime.Native 1.7.11: System.Environment (System/Environment.cs).
namespace System
{
    public static class Environment
    {
        /// <summary>Milliseconds elapsed since the system started (native in the real package).</summary>
        public static long TickCount64
        {
            get { throw null; }
        }
    }
}
