// Mirrors nanoFramework.System.Text 1.3.42, System.Text.UTF8Encoding: the overrides of what Encoding declares here.
namespace System.Text
{
    public class UTF8Encoding : Encoding
    {
        public UTF8Encoding()
        {
        }

        public override byte[] GetBytes(string s)
        {
            throw null;
        }

        public override char[] GetChars(byte[] bytes)
        {
            throw null;
        }

        public override char[] GetChars(byte[] bytes, int byteIndex, int byteCount)
        {
            throw null;
        }
    }
}
