// Mirrors nanoFramework.System.Threading 1.1.52: System.Threading.CancellationTokenSource and CancellationToken.
namespace System.Threading
{
    public class CancellationTokenSource : IDisposable
    {
        public CancellationTokenSource(int millisecondsDelay)
        {
        }

        public CancellationToken Token
        {
            get { throw null; }
        }

        public void Dispose()
        {
            throw null;
        }
    }

    public readonly struct CancellationToken
    {
    }
}
