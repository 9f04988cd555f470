// Mirrors nanoFramework.System.IO.FileSystem 1.1.93: System.IO.File, FileStream, FileMode, FileAccess.
namespace System.IO
{
    public static class File
    {
        public static bool Exists(string path)
        {
            throw null;
        }
    }

    public class FileStream : Stream
    {
        public FileStream(string path, FileMode mode, FileAccess access)
        {
        }

        public override long Length
        {
            get { throw null; }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            throw null;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            throw null;
        }

        public override void Flush()
        {
            throw null;
        }
    }

    public enum FileMode
    {
        Create = 2,
        Open = 3,
    }

    [Flags]
    public enum FileAccess
    {
        Read = 1,
        Write = 2,
    }
}
