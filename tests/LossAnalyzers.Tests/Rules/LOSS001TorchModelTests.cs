using System.Threading.Tasks;
using LossAnalyzers.Tests.Infrastructure;
using Xunit;
using VerifyCS = LossAnalyzers.Tests.Infrastructure.Verify<LossAnalyzers.CodeFixes.LogOfUnguardedProbabilityCodeFixProvider>;

namespace LossAnalyzers.Tests.Rules;

/// <summary>
/// LOSS001 on TorchSharp policy networks as reinforcement-learning agents hold them (issue #14): the network is a member
/// declared as <c>Module&lt;Tensor, Tensor&gt;</c>, created in a base class's constructor, and its layers are a list of
/// named modules handed to <c>Sequential</c>; <c>torch.log</c> of its softmax output is the log of a probability.
/// </summary>
public class LOSS001TorchModelTests
{
    private const string Networks = """
        using System.Collections.Generic;
        using TorchSharp;
        using static TorchSharp.torch.nn;
        using Tensor = TorchSharp.torch.Tensor;

        public sealed class PolicyNetwork : Module<Tensor, Tensor>
        {
            private readonly Module<Tensor, Tensor> layers;

            public PolicyNetwork(long observations, long actions) : base("policy")
            {
                var named = new List<(string, Module<Tensor, Tensor>)>
                {
                    ("hidden", Linear(observations, 32)), ("relu", ReLU()), ("scores", Linear(32, actions)), ("probs", Softmax(-1)),
                };
                layers = Sequential(named);
                RegisterComponents();
            }

            public override Tensor forward(Tensor x) => layers.forward(x);
        }

        public sealed class ScoreNetwork : Module<Tensor, Tensor>
        {
            private readonly Module<Tensor, Tensor> layers;

            public ScoreNetwork(long observations, long actions) : base("scores")
            {
                layers = Sequential(("hidden", Linear(observations, 32)), ("relu", ReLU()), ("scores", Linear(32, actions)));
                RegisterComponents();
            }

            public override Tensor forward(Tensor x) => layers.forward(x);
        }

        public abstract class PolicyAgent
        {
            protected PolicyAgent() => Policy = new PolicyNetwork(4, 2);

            public Module<Tensor, Tensor> Policy { get; protected set; }
        }

        """;

    [Fact]
    public Task LogOfAPolicyNetworkCreatedInTheBaseClass_Reported() => VerifyCS.Diagnostics(Networks + """
        public sealed class Reinforce : PolicyAgent
        {
            public Tensor Loss(Tensor states, Tensor actions, Tensor returns)
            {
                var logProbabilities = {|LOSS001:torch.log(Policy.forward(states))|}.gather(1, actions);
                return -(logProbabilities * returns).mean();
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task SiblingAgentSetsAScoreNetwork_ItsLogIsNotReported_TheOtherAgentsIs() => VerifyCS.Diagnostics(Networks + """
        public sealed class CrossEntropyMethod : PolicyAgent
        {
            // this agent replaces the network by one that returns raw scores: log_softmax of them is not a log of a probability
            public CrossEntropyMethod() => Policy = new ScoreNetwork(4, 2);

            public Tensor Scores(Tensor states) => torch.log(torch.exp(Policy.forward(states)));
        }

        public sealed class Reinforce : PolicyAgent
        {
            public Tensor LogProbabilities(Tensor states) => {|LOSS001:torch.log(Policy.forward(states))|};
        }
        """, Libraries.Torch);

    [Fact]
    public Task LayersListExtendedAfterItsInitializer_LastModuleUnknown_NotReported() => VerifyCS.Diagnostics("""
        using System.Collections.Generic;
        using TorchSharp;
        using static TorchSharp.torch.nn;
        using Tensor = TorchSharp.torch.Tensor;

        public sealed class Network : Module<Tensor, Tensor>
        {
            private readonly Module<Tensor, Tensor> layers;

            public Network(bool probabilities) : base("net")
            {
                var named = new List<(string, Module<Tensor, Tensor>)> { ("scores", Linear(4, 2)), ("probs", Softmax(-1)) };
                if (!probabilities) named.Add(("log", LogSoftmax(-1)));
                layers = Sequential(named);
                RegisterComponents();
            }

            public override Tensor forward(Tensor x) => layers.forward(x);
        }

        public static class Use
        {
            public static Tensor LogOf(Network net, Tensor x) => torch.log(net.forward(x));
        }
        """, Libraries.Torch);

    private const string SamplingAgent = """
        using TorchSharp;
        using static TorchSharp.torch.nn;
        using Tensor = TorchSharp.torch.Tensor;

        public abstract class ActorCriticAgent
        {
            // set by whoever builds the agent: its last module is not in view
            public Module<Tensor, Tensor> Actor { get; set; } = null!;

            public long Act(Tensor state)
            {
                var probabilities = Actor.forward(state.unsqueeze(0)).squeeze(0);
                return torch.multinomial(probabilities, 1).item<long>();
            }
        }

        """;

    [Fact]
    public Task LogOfAPolicySampledWithMultinomial_Reported() => VerifyCS.Diagnostics(SamplingAgent + """
        public sealed class A2C : ActorCriticAgent
        {
            public Tensor ActorLoss(Tensor states, Tensor actions, Tensor advantages)
            {
                var logProbabilities = {|LOSS001:torch.log(Actor.forward(states))|}.gather(1, actions);
                return -(advantages * logProbabilities).mean();
            }
        }
        """, Libraries.Torch);

    [Fact]
    public Task PolicySampledFromItsLogits_NotAProbability_NotReported() => VerifyCS.Diagnostics("""
        using TorchSharp;
        using static TorchSharp.torch.nn;
        using Tensor = TorchSharp.torch.Tensor;

        public sealed class Agent
        {
            public Module<Tensor, Tensor> Actor { get; set; } = null!;

            public Tensor Act(Tensor state) => torch.distributions.Categorical(logits: Actor.forward(state)).sample();

            // the actor returns logits (it is sampled through Categorical's logits): nothing says its output is a probability
            public Tensor LogOfOutput(Tensor states) => torch.log(Actor.forward(states));
        }
        """, Libraries.Torch);

    [Fact]
    public Task LogOfATorchSoftmax_FixedWithLogSoftmax() => VerifyCS.Fix("""
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        static class Classifier
        {
            public static Tensor Nll(Tensor logits, Tensor labels) => functional.nll_loss({|LOSS001:torch.log(torch.softmax(logits, 1))|}, labels);

            public static Tensor Soft(Tensor logits, Tensor targets)
            {
                var p = logits.softmax(1);
                return -(targets * {|LOSS001:p.log()|}).sum(1).mean();
            }
        }
        """, """
        using TorchSharp;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        static class Classifier
        {
            public static Tensor Nll(Tensor logits, Tensor labels) => functional.nll_loss(torch.nn.functional.log_softmax(logits, 1), labels);

            public static Tensor Soft(Tensor logits, Tensor targets)
            {
                var p = logits.softmax(1);
                return -(targets * torch.nn.functional.log_softmax(logits, 1)).sum(1).mean();
            }
        }
        """, Libraries.Torch);
}
