// Mirrors nanoFramework.System.Text 1.3.42, System.Text.Encoding: only the members the firmware calls.
namespace System.Text
{
    public abstract class Encoding
    {
        public static Encoding UTF8
        {
            get { throw null; }
        }

        public abstract byte[] GetBytes(string s);

        public abstract char[] GetChars(byte[] bytes);

        public abstract char[] GetChars(byte[] bytes, int byteIndex, int byteCount);

        public virtual string GetString(byte[] bytes, int index, int count)
        {
            throw null;
        }
    }
}
