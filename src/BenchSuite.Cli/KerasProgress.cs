using System.Globalization;
using BenchSuite.Results;
using BenchSuite.Training;

namespace BenchSuite.Cli;

/// <summary>
/// Keras-style progress: "Epoch 1/3", then a bar rewritten in place on a terminal, and the epoch's final line
/// <c>1250/1250 [==============================] - 45s - loss: 1.7895 - accuracy: 0.4002 - val_loss: … - val_accuracy: …</c>.
/// When the output is redirected (CI logs) only the final line of each epoch is written.
/// </summary>
sealed class KerasProgress(TextWriter output) : ITrainingObserver
{
    const int BarWidth = 30;
    readonly bool interactive = !Console.IsOutputRedirected;

    public void EpochStarted(int epoch, int epochs, int steps) => output.WriteLine($"Epoch {epoch}/{epochs}");

    public void StepsDone(int step, int steps, double loss, double accuracy, TimeSpan elapsed)
    {
        if (!interactive) return;
        output.Write("\r" + Line(step, steps, elapsed.TotalSeconds, $" - loss: {F(loss)} - accuracy: {F(accuracy)}"));
    }

    public void EpochEnded(EpochMetrics m)
    {
        string metrics = $" - loss: {F(m.Loss)} - accuracy: {F(m.Accuracy)} - val_loss: {F(m.ValLoss)} - val_accuracy: {F(m.ValAccuracy)}";
        output.Write(interactive ? "\r" : "");
        output.WriteLine(Line(m.Steps, m.Steps, m.Seconds, metrics) + string.Create(CultureInfo.InvariantCulture, $" - {m.ImagesPerSecond:0} img/s"));
    }

    static string Line(int step, int steps, double seconds, string metrics)
    {
        int done = (int)((long)BarWidth * step / steps);
        string bar = step == steps ? new string('=', BarWidth) : new string('=', Math.Max(0, done - 1)) + ">" + new string('.', BarWidth - Math.Max(done, 1));
        string width = steps.ToString(CultureInfo.InvariantCulture);
        return $"{step.ToString(CultureInfo.InvariantCulture).PadLeft(width.Length)}/{width} [{bar}] - {seconds:0}s{metrics}";
    }

    static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
