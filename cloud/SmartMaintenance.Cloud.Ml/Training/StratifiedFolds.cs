namespace SmartMaintenance.Cloud.Ml.Training;

/// <summary>Assigns each row to one of k folds so that every fold holds the same share of each class.</summary>
public static class StratifiedFolds
{
    public static int[] Assign(IReadOnlyList<int> classes, int folds, int seed)
    {
        var random = new Random(seed);
        var fold = new int[classes.Count];
        foreach (var group in Enumerable.Range(0, classes.Count).GroupBy(i => classes[i]).OrderBy(g => g.Key))
        {
            var shuffled = group.ToArray();
            random.Shuffle(shuffled);
            for (var k = 0; k < shuffled.Length; k++)
            {
                fold[shuffled[k]] = k % folds;
            }
        }

        return fold;
    }
}
