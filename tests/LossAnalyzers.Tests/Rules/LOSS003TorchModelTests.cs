using System.Threading.Tasks;
using LossAnalyzers.Tests.Infrastructure;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// LOSS003 for TorchSharp trainers as they are written (issue #14, class 3), reduced and written anew: a user Module
/// whose forward ends in a Sequential's Sigmoid, moved with .to(device), applied with call or forward, its output
/// reshaped, and a BCELoss criterion held in a local or a field. The message names the module, not "its input".
/// </summary>
public class LOSS003TorchModelTests
{
    private const string Model = """
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        public sealed class Critic : nn.Module<Tensor, Tensor>
        {
            private readonly Sequential layers;

            public Critic() : base(nameof(Critic))
            {
                layers = nn.Sequential(nn.Linear(8, 4), nn.ReLU(), nn.Linear(4, 1), {|#1:nn.Sigmoid()|});
                RegisterComponents();
            }

            public override Tensor forward(Tensor input) => layers.call(input).view(-1, 1).squeeze(1);
        }

        """;

    [Fact]
    public async Task ModuleMovedToDevice_CalledThroughCall_MessageNamesTheModule()
    {
        var test = new LossTest<LossAnalyzers.CodeFixes.SigmoidThenBinaryCrossEntropyCodeFixProvider>(Libraries.Torch)
        {
            TestCode = Model + """
                public static class Training
                {
                    public static Tensor Step(Tensor batch, Tensor label, Device device)
                    {
                        var critic = new Critic().to(device);
                        var criterion = nn.BCELoss();
                        var output = critic.call(batch.detach());
                        return {|#0:criterion.call(output, label)|};
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("LOSS003", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithLocation(1)
            .WithArguments("output", "the output of 'nn.Sigmoid()', the last module of a Sequential", "11",
                "functional.binary_cross_entropy_with_logits (nn.BCEWithLogitsLoss) on the model without its final Sigmoid()"));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task CriterionFieldAndForward_Reported() => VerifyCS.Diagnostics(Model.Replace("{|#1:nn.Sigmoid()|}", "nn.Sigmoid()") + """
        public sealed class Trainer
        {
            private readonly BCELoss loss = nn.BCELoss();
            private readonly Critic critic = new Critic();

            public Tensor Step(Tensor x, Tensor y) => {|LOSS003:loss.forward(critic.forward(x), y)|};
        }
        """, Libraries.Torch);

    [Fact]
    public Task ModelEndingInLinear_WithLogitsLoss_Silent() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        public sealed class Scorer : nn.Module<Tensor, Tensor>
        {
            private readonly Sequential layers = nn.Sequential(nn.Linear(8, 4), nn.ReLU(), nn.Linear(4, 1));

            public Scorer() : base(nameof(Scorer)) => RegisterComponents();

            public override Tensor forward(Tensor input) => layers.call(input).squeeze(1);
        }

        public static class Training
        {
            public static Tensor Step(Tensor x, Tensor y)
            {
                var model = new Scorer();
                var logits = model.call(x);
                var report = torch.sigmoid(logits).mean();
                return nn.BCEWithLogitsLoss().call(logits, y);
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task ModulesHeldByBaseTypedFields_FollowedToTheirCreation() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;

        public sealed class GanTrainer
        {
            private readonly nn.Module<Tensor, Tensor> discriminator;
            private readonly Loss<Tensor, Tensor, Tensor> criterion = nn.BCELoss();

            public GanTrainer()
            {
                discriminator = nn.Sequential(nn.Linear(784, 64), nn.LeakyReLU(0.2), nn.Linear(64, 1), nn.Sigmoid());
            }

            public Tensor DiscriminatorLoss(Tensor images, Tensor real) => {|LOSS003:criterion.forward(discriminator.forward(images), real)|};
        }
        """, Libraries.Torch);

    [Fact]
    public Task BaseTypedCriterion_AssignedTwoDifferentLosses_Silent() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch;

        public sealed class Trainer
        {
            private readonly Loss<Tensor, Tensor, Tensor> criterion;

            public Trainer(bool logits)
            {
                if (logits)
                {
                    criterion = nn.BCEWithLogitsLoss();
                }
                else
                {
                    criterion = nn.BCELoss();
                }
            }

            public Tensor Step(Tensor z, Tensor y) => criterion.forward(torch.sigmoid(z), y);
        }
        """, Libraries.Torch);

    [Fact]
    public Task ModelHelperWithADefaultedBceCriterion_ReportedWhereTheCallerLeavesItOut() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        public sealed class Critic : nn.Module<Tensor, Tensor>
        {
            private readonly Sequential body = nn.Sequential(nn.Linear(8, 4), nn.ReLU(), nn.Linear(4, 1), nn.Sigmoid());

            public Critic() : base(nameof(Critic)) => RegisterComponents();

            public override Tensor forward(Tensor input) => body.forward(input);

            public Tensor CalculateError(Tensor output, Tensor target, WeightedLoss<Tensor, Tensor, Tensor>? criterion = null)
            {
                criterion ??= BCELoss();
                return criterion.forward(output, target);
            }
        }

        public static class Training
        {
            public static Tensor Step(Critic critic, Tensor x, Tensor real)
            {
                var defaulted = {|LOSS003:critic.CalculateError(critic.forward(x), real)|};
                // the caller's own criterion: the helper's default says nothing about it
                var own = critic.CalculateError(critic.forward(x), real, BCEWithLogitsLoss());
                return defaulted + own;
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task SequentialEndingInSigmoidThenFlatten_EndsInTheSigmoid() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        public sealed class Judge
        {
            private readonly Sequential net = nn.Sequential(nn.Conv2d(1, 1, 4), nn.Sigmoid(), nn.Flatten());
            private readonly Sequential scores = nn.Sequential(nn.Conv2d(1, 1, 4), nn.Flatten(), nn.Dropout(0.5));

            public Tensor Real(Tensor x, Tensor y) => {|LOSS003:nn.functional.binary_cross_entropy(net.forward(x), y)|};

            // dropout after the last layer changes values: not followed
            public Tensor Other(Tensor x, Tensor y) => nn.functional.binary_cross_entropy(scores.forward(x), y);
        }
        """, Libraries.Torch);

    // ---------------------------------------------------------------- the model handed to a private training method

    [Fact]
    public Task ModelPassedToAPrivateTrainingMethod_IsTheModelOfEveryCall() => VerifyCS.Diagnostics(Model.Replace("{|#1:nn.Sigmoid()|}", "nn.Sigmoid()") + """
        public static class Program
        {
            public static void Run(Tensor x, Tensor y)
            {
                var critic = new Critic();
                Fit(critic, nn.BCELoss(), x, y);
                Fit(new Critic(), nn.BCELoss(), x, y);
            }

            private static void Fit(nn.Module<Tensor, Tensor> model, BCELoss criterion, Tensor x, Tensor y)
            {
                var scores = model.forward(x);
                var loss = {|LOSS003:criterion.forward(scores, y)|};
                loss.backward();
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task ModelPassedToAPrivateTrainingMethod_AnotherModelAtOneCall_Silent() => VerifyCS.Diagnostics(Model.Replace("{|#1:nn.Sigmoid()|}", "nn.Sigmoid()") + """
        public sealed class Scorer : nn.Module<Tensor, Tensor>
        {
            private readonly Sequential layers = nn.Sequential(nn.Linear(8, 1));

            public Scorer() : base(nameof(Scorer)) => RegisterComponents();

            public override Tensor forward(Tensor input) => layers.call(input).squeeze(1);
        }

        public static class Program
        {
            public static void Run(Tensor x, Tensor y)
            {
                Fit(new Critic(), nn.BCELoss(), x, y);
                Fit(new Scorer(), nn.BCELoss(), x, y);
            }

            // the second call passes a model without a final Sigmoid: which one runs here is not known
            private static void Fit(nn.Module<Tensor, Tensor> model, BCELoss criterion, Tensor x, Tensor y)
            {
                var loss = criterion.forward(model.forward(x), y);
                loss.backward();
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task ModelParameterOfAPublicMethod_Silent() => VerifyCS.Diagnostics(Model.Replace("{|#1:nn.Sigmoid()|}", "nn.Sigmoid()") + """
        public static class Library
        {
            public static void Run(Tensor x, Tensor y) => Fit(new Critic(), nn.BCELoss(), x, y);

            // callers outside this compilation may pass any model
            public static void Fit(nn.Module<Tensor, Tensor> model, BCELoss criterion, Tensor x, Tensor y)
            {
                var loss = criterion.forward(model.forward(x), y);
                loss.backward();
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task ModelParameterOfAMethodAlsoUsedAsADelegate_Silent() => VerifyCS.Diagnostics(Model.Replace("{|#1:nn.Sigmoid()|}", "nn.Sigmoid()") + """
        public static class Program
        {
            public static void Run(Tensor x, Tensor y)
            {
                Fit(new Critic(), nn.BCELoss(), x, y);
                System.Action<nn.Module<Tensor, Tensor>, BCELoss, Tensor, Tensor> later = Fit;
            }

            private static void Fit(nn.Module<Tensor, Tensor> model, BCELoss criterion, Tensor x, Tensor y)
            {
                var loss = criterion.forward(model.forward(x), y);
                loss.backward();
            }
        }
        """, Libraries.Torch);

    // ---------------------------------------------------------------- an interface every model of the compilation implements

    private const string Nets = """
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        public interface IValueNet
        {
            Tensor Evaluate(Tensor x);
        }

        public sealed class SmallNet : nn.Module<Tensor, Tensor>, IValueNet
        {
            private readonly Linear hidden = nn.Linear(8, 4);
            private readonly Linear head = nn.Linear(4, 1);

            public SmallNet() : base(nameof(SmallNet)) => RegisterComponents();

            public Tensor Evaluate(Tensor x) => forward(x);

            public override Tensor forward(Tensor x)
            {
                var h = nn.functional.relu(hidden.forward(x));
                return torch.sigmoid(head.forward(h)).squeeze(-1);
            }
        }

        public sealed class WideNet : nn.Module<Tensor, Tensor>, IValueNet
        {
            private readonly Linear head = nn.Linear(8, 1);

            public WideNet() : base(nameof(WideNet)) => RegisterComponents();

            public Tensor Evaluate(Tensor x) => torch.sigmoid(head.forward(x));

            public override Tensor forward(Tensor x) => Evaluate(x);
        }

        """;

    [Fact]
    public Task InterfaceEveryImplementationOfWhichEndsInASigmoid_CriterionPassedToAPrivateMethod() => VerifyCS.Diagnostics(Nets + """
        public static class Trainer
        {
            public static void Run(IValueNet net, Tensor x, Tensor y)
            {
                var loss = nn.BCELoss();
                Epoch(net, loss, x, y);
            }

            private static float Epoch(IValueNet net, Loss<Tensor, Tensor, Tensor> loss, Tensor x, Tensor y)
            {
                using var prediction = net.Evaluate(x);
                using var value = {|LOSS003:loss.forward(prediction, y)|};
                return value.ToSingle();
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task InterfaceWithOneImplementationReturningLogits_Silent() => VerifyCS.Diagnostics(Nets + """
        public sealed class LogitNet : nn.Module<Tensor, Tensor>, IValueNet
        {
            private readonly Linear head = nn.Linear(8, 1);

            public LogitNet() : base(nameof(LogitNet)) => RegisterComponents();

            public Tensor Evaluate(Tensor x) => head.forward(x);

            public override Tensor forward(Tensor x) => Evaluate(x);
        }

        public static class Trainer
        {
            // one implementation returns logits: which one runs is not known here
            public static Tensor Step(IValueNet net, BCELoss loss, Tensor x, Tensor y) => loss.forward(net.Evaluate(x), y);
        }
        """, Libraries.Torch);

    [Fact]
    public Task CriterionParameterOfAPrivateMethod_AnotherCriterionAtOneCall_Silent() => VerifyCS.Diagnostics(Nets + """
        public static class Trainer
        {
            public static void Run(IValueNet net, Tensor x, Tensor y)
            {
                Epoch(net, nn.BCELoss(), x, y);
                Epoch(net, nn.MSELoss(), x, y);
            }

            // the second call passes a mean-squared error: the criterion here is not known to be a BCE
            private static Tensor Epoch(IValueNet net, Loss<Tensor, Tensor, Tensor> loss, Tensor x, Tensor y) => loss.forward(net.Evaluate(x), y);
        }
        """, Libraries.Torch);
}
