using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// A probability returned by a method that makes it from its own locals (<c>var z = …; return 1 / (1 + exp(−z));</c>, a
/// TorchSharp <c>forward</c> that ends in <c>softmax(output.call(h), 1)</c>): the caller cannot name those locals, so the
/// message names the method and the line of its activation — not a variable of another method, not the call's line —
/// and no fix writes the logits.
/// </summary>
public class MadeInACalledMethodMessageTests
{
    private const string Model = """
        using System;

        public sealed class Model
        {
            private readonly double[] w = new double[3];
            private double b;

            public double Predict(double[] x)
            {
                var z = b;
                for (var i = 0; i < w.Length; i++)
                {
                    z += w[i] * x[i];
                }

                return {|#1:1.0 / (1.0 + Math.Exp(-z))|};
            }
        }

        """;

    [Fact]
    public async Task Loss001_SigmoidOfALocalOfTheModel_NamesTheMethodAndItsLine()
    {
        var test = new LossTest<LogOfUnguardedProbabilityCodeFixProvider>
        {
            TestCode = Model + """
                public static class Training
                {
                    public static double Nll(Model m, double[] x)
                    {
                        var p = m.Predict(x);
                        return -{|#0:Math.Log({|#2:p|})|};
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS001", DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithLocation(2) // the operand the clamp fix wraps, then the sigmoid
            .WithLocation(1)
            .WithArguments("p", "the sigmoid output of 'Model.Predict' (line 16)", "0", "its log", " and the loss becomes NaN or ∞",
                "clamp it to [ε, 1 − ε] with ε = 1e-12"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Loss003_BceOfTheModelsPrediction_NamesTheMethod_NoLogitsToWrite()
    {
        var test = new LossTest<SigmoidThenBinaryCrossEntropyCodeFixProvider>
        {
            TestCode = Model + """
                public static class Training
                {
                    public static double Loss(Model m, double[] x, double y)
                    {
                        var p = m.Predict(x);
                        return {|#0:-(y * Math.Log(p) + (1 - y) * Math.Log(1 - p))|};
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS003", DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithLocation(1)
            .WithArguments("p", "the sigmoid output of 'Model.Predict'", "16", "Loss.BinaryCrossEntropyWithLogits(the sigmoid's input, y)"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Loss001_SigmoidOfParametersAndFields_StillNamesTheLogitsAtTheCall()
    {
        // the logits are made of the method's parameter and the receiver's members: they are named as the caller writes them,
        // at the call
        var test = new LossTest<LogOfUnguardedProbabilityCodeFixProvider>
        {
            TestCode = """
                using System;

                public sealed class Model
                {
                    public double W;
                    public double B;

                    public double Score(double x) => 1.0 / (1.0 + Math.Exp(-(W * x + B)));
                }

                public static class Training
                {
                    public static double Nll(Model m, double x)
                    {
                        var p = {|#1:m.Score(x)|};
                        return -{|#0:Math.Log(p)|};
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS001", DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithLocation(1)
            .WithArguments("p", "the sigmoid of 'm.W * x + m.B' (line 15)", "0", "its log", " and the loss becomes NaN or ∞",
                "use StableMath.LogSigmoid(m.W * x + m.B)"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Loss007_ForwardEndingInSoftmaxOfALocal_ModelAndCriterionPassedToATrainStep_NamesTheForward()
    {
        var test = new LossTest<ProbabilityAsLogitsCodeFixProvider>(Libraries.Torch)
        {
            TestCode = """
                using System.Collections.Generic;
                using TorchSharp;
                using TorchSharp.Modules;
                using static TorchSharp.torch;
                using static TorchSharp.torch.nn;

                public sealed class Net : Module<Tensor, Tensor>
                {
                    private readonly Linear hidden = Linear(4, 8);
                    private readonly Linear output = Linear(8, 3);

                    public Net() : base(nameof(Net)) => RegisterComponents();

                    public override Tensor forward(Tensor x)
                    {
                        var h = functional.relu(hidden.call(x));
                        return {|#1:functional.softmax(output.call(h), 1)|};
                    }
                }

                public static class Training
                {
                    public static void Run(IEnumerable<(Tensor, Tensor)> batches)
                    {
                        var net = new Net();
                        var optimizer = optim.Adam(net.parameters());
                        Train(net, optimizer, CrossEntropyLoss(), batches);
                    }

                    private static void Train(Module<Tensor, Tensor> model, optim.Optimizer optimizer, Loss<Tensor, Tensor, Tensor> criterion,
                        IEnumerable<(Tensor, Tensor)> batches)
                    {
                        foreach (var (x, y) in batches)
                        {
                            optimizer.zero_grad();
                            var prediction = model.call(x);
                            criterion.call({|#0:prediction|}, y).backward();
                            optimizer.step();
                        }
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS007", DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithLocation(1)
            .WithArguments("prediction", "the softmax output of 'Net.forward'", "17", "nn.CrossEntropyLoss",
                "logits and applies the softmax itself", "pass the logits the softmax was computed from"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Loss007_ForwardOfAPrivateLayer_IsNotNamedThroughTheModel()
    {
        // 'm.fc.forward(x)' would name a private field from outside the model: the message names the forward instead
        var test = new LossTest<ProbabilityAsLogitsCodeFixProvider>(Libraries.Torch)
        {
            TestCode = """
                using TorchSharp;
                using TorchSharp.Modules;
                using static TorchSharp.torch;
                using static TorchSharp.torch.nn;

                public sealed class Classifier : Module<Tensor, Tensor>
                {
                    private readonly Linear fc = Linear(10, 3);

                    public Classifier() : base(nameof(Classifier)) => RegisterComponents();

                    public override Tensor forward(Tensor x) => {|#1:torch.softmax(fc.forward(x), 1)|};
                }

                public static class Training
                {
                    public static Tensor Loss(Classifier m, Tensor x, Tensor y) => functional.cross_entropy({|#0:m.forward(x)|}, y);
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("LOSS007", DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithLocation(1)
            .WithArguments("m.forward(x)", "the softmax output of 'Classifier.forward'", "12", "functional.cross_entropy",
                "logits and applies the softmax itself", "pass the logits the softmax was computed from"));
        await test.RunAsync(CancellationToken.None);
    }
}
