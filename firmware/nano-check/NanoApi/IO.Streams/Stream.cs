// Mirrors nanoFramework.System.IO.Streams 1.1.96: System.IO.Stream, the members the firmware calls.
namespace System.IO
{
    public abstract class Stream : IDisposable
    {
        public abstract long Length { get; }

        public abstract int Read(byte[] buffer, int offset, int count);

        public abstract void Write(byte[] buffer, int offset, int count);

        public abstract void Flush();

        public void Dispose()
        {
            throw null;
        }
    }
}
