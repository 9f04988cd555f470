// Mirrors nanoFramework.System.Net 1.11.54: System.Security.Cryptography.X509Certificates.X509Certificate
// (X509Certificates/X509Certificate.cs): PEM or DER, from a string or bytes.
namespace System.Security.Cryptography.X509Certificates
{
    public class X509Certificate
    {
        public X509Certificate(string certificate)
        {
        }
    }
}
