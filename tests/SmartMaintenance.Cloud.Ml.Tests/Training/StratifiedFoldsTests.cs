using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Tests.Training;

public sealed class StratifiedFoldsTests
{
    [Fact]
    public void Assign_EveryFold_HoldsItsShareOfEachClass()
    {
        var classes = Enumerable.Range(0, 1000).Select(i => i % 25 == 0 ? 1 : 0).ToArray();

        var folds = StratifiedFolds.Assign(classes, 5, seed: 1);

        for (var f = 0; f < 5; f++)
        {
            Assert.Equal(8, Enumerable.Range(0, 1000).Count(i => folds[i] == f && classes[i] == 1));
            Assert.Equal(192, Enumerable.Range(0, 1000).Count(i => folds[i] == f && classes[i] == 0));
        }
    }

    [Fact]
    public void Assign_OtherSeed_GivesOtherFolds()
    {
        var classes = new int[200];

        Assert.NotEqual(StratifiedFolds.Assign(classes, 5, 1), StratifiedFolds.Assign(classes, 5, 2));
    }
}
