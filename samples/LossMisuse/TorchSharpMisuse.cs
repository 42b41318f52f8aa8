using TorchSharp;
using static TorchSharp.torch;

namespace LossMisuse;

/// <summary>
/// The same misuses in TorchSharp. Compile-only: this file shows the diagnostics in the editor and the build, and is
/// never executed by the sample (TorchSharp's native runtime is not referenced).
/// </summary>
internal static class TorchSharpMisuse
{
    public static Tensor LogOfSigmoid(Tensor z) => torch.log(torch.sigmoid(z));                                        // LOSS001

    public static Tensor NllLoss(Tensor p, Tensor y) => -(y * torch.log10(p.clamp(1e-7, 1 - 1e-7))).mean();              // LOSS002

    public static Tensor BceLoss(Tensor z, Tensor y)
    {
        var p = torch.sigmoid(z);
        return nn.functional.binary_cross_entropy(p, y);                                                                  // LOSS003
    }

    public static Tensor SoftplusByHand(Tensor x) => torch.log(1 + torch.exp(x));                                       // LOSS006

    public static Tensor SoftmaxBceLoss(Tensor z, Tensor y) =>
        nn.functional.binary_cross_entropy(torch.softmax(z, 1), y);                                                       // LOSS004

    public static Tensor DoubleSigmoid(Tensor z, Tensor y) =>
        nn.functional.binary_cross_entropy_with_logits(torch.sigmoid(z), y);                                              // LOSS007

    public static Tensor NllOnSoftmax(Tensor z, Tensor labels) =>
        nn.functional.nll_loss(nn.functional.softmax(z, 1), labels);                                                      // LOSS007

    public static Tensor BceOnLinear(TorchSharp.Modules.Linear head, Tensor x, Tensor y) =>
        nn.functional.binary_cross_entropy(head.forward(x), y);                                                           // LOSS008
}
