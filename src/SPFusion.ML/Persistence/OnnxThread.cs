using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace SPFusion.ML.Persistence;

/// <summary>
/// The one thread on which the package creates its ONNX Runtime sessions and runs its batches. ONNX Runtime sets
/// flush-to-zero and denormals-are-zero on the thread that creates the process's first session (once per process) and
/// leaves them set: done on a caller's thread, that would silently change the caller's own float arithmetic afterwards
/// (a test formatting <c>float.Epsilon</c> printed 0 on a thread that had created a predictor). On this private thread the
/// flag speeds up the package's inference (see <see cref="OnnxSessionSettings"/>) and touches nothing else. Calls are
/// serialised; a call made from this thread runs inline.
/// </summary>
internal static class OnnxThread
{
    private static readonly BlockingCollection<Action> Work = [];
    private static readonly Thread Worker = Start();

    private static Thread Start()
    {
        var thread = new Thread(() =>
        {
            foreach (var work in Work.GetConsumingEnumerable()) work();
        })
        {
            IsBackground = true,
            Name = "SPFusion ONNX Runtime",
        };
        thread.Start();
        return thread;
    }

    /// <summary>Runs <paramref name="call"/> on the ONNX thread and returns its result (or rethrows its exception).</summary>
    public static T Invoke<T>(Func<T> call)
    {
        if (Thread.CurrentThread == Worker) return call();
        T result = default!;
        ExceptionDispatchInfo? error = null;
        using var done = new ManualResetEventSlim();
        Work.Add(() =>
        {
            try
            {
                result = call();
            }
            catch (Exception ex)
            {
                error = ExceptionDispatchInfo.Capture(ex);
            }
            finally
            {
                done.Set();
            }
        });
        done.Wait();
        error?.Throw();
        return result;
    }
}
