package org.badit.lora.linalg;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtModel;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import org.badit.lora.engine.Engines;

/**
 * Dense factorizations that DJL's API lacks (SVD, QR, symmetric eigendecomposition, Cholesky, solve), computed by
 * libtorch's own {@code torch.linalg} <b>on the tensor's device</b>, batched over leading dimensions.
 *
 * <p>How: DJL can load a TorchScript module and call any of its methods, and a TorchScript archive is a small zip
 * this library writes itself ({@link TorchScriptArchive}). The archive's methods call {@code torch.linalg_*}; the
 * module holds no parameters, so one instance serves every device. The TorchScript serialization format is stable
 * but not a public API, which is why it stays behind this one class and its tests.
 *
 * <p>Results are attached to the input's manager. These calls do not record autograd.
 */
public final class Linalg {

    private static final String SOURCE = String.join("\n",
            "class Linalg(Module):",
            "  __parameters__ = []",
            "  __buffers__ = []",
            "  training : bool",
            "  def forward(self: __torch__.Linalg,",
            "    x: Tensor) -> Tensor:",
            "    return x",
            "  def svd(self: __torch__.Linalg,",
            "    x: Tensor) -> Tuple[Tensor, Tensor, Tensor]:",
            "    _0, _1, _2 = torch.linalg_svd(x, False)",
            "    return (_0, _1, _2)",
            "  def svdvals(self: __torch__.Linalg,",
            "    x: Tensor) -> Tensor:",
            "    return torch.linalg_svdvals(x)",
            "  def qr(self: __torch__.Linalg,",
            "    x: Tensor) -> Tuple[Tensor, Tensor]:",
            "    _0, _1 = torch.linalg_qr(x, \"reduced\")",
            "    return (_0, _1)",
            "  def eigh(self: __torch__.Linalg,",
            "    x: Tensor) -> Tuple[Tensor, Tensor]:",
            "    _0, _1 = torch.linalg_eigh(x, \"L\")",
            "    return (_0, _1)",
            "  def cholesky(self: __torch__.Linalg,",
            "    x: Tensor) -> Tensor:",
            "    return torch.linalg_cholesky(x, upper=False)",
            "  def solve(self: __torch__.Linalg,",
            "    a: Tensor,",
            "    b: Tensor) -> Tensor:",
            "    return torch.linalg_solve(a, b, left=True)",
            "");

    private static volatile PtSymbolBlock module;
    // The owning Model must stay reachable: when it is collected DJL releases the module's native handle.
    private static Model owner;

    private Linalg() {}

    /**
     * Reduced singular value decomposition {@code x = U·diag(S)·Vh}.
     *
     * @param x a matrix or batch of matrices {@code [..., m, n]}
     * @return {@code U [..., m, k]}, {@code S [..., k]} (descending), {@code Vh [..., k, n]} with k = min(m, n)
     */
    public static NDList svd(NDArray x) {
        return call("svd", x);
    }

    /**
     * Singular values only (cheaper than {@link #svd}).
     *
     * @param x {@code [..., m, n]}
     * @return {@code S [..., min(m, n)]}, descending
     */
    public static NDArray svdvals(NDArray x) {
        return call("svdvals", x).head();
    }

    /**
     * Reduced QR decomposition {@code x = Q·R}.
     *
     * @param x {@code [..., m, n]}
     * @return {@code Q [..., m, k]} with orthonormal columns, {@code R [..., k, n]} upper triangular, k = min(m, n)
     */
    public static NDList qr(NDArray x) {
        return call("qr", x);
    }

    /**
     * Eigendecomposition of a symmetric matrix (its lower triangle is read).
     *
     * @param x {@code [..., n, n]}
     * @return eigenvalues {@code [..., n]} ascending, eigenvectors {@code [..., n, n]} as columns
     */
    public static NDList eigh(NDArray x) {
        return call("eigh", x);
    }

    /**
     * Cholesky factor of a symmetric positive definite matrix.
     *
     * @param x {@code [..., n, n]}
     * @return lower-triangular {@code L [..., n, n]} with {@code x = L·Lᵀ}
     */
    public static NDArray cholesky(NDArray x) {
        return call("cholesky", x).head();
    }

    /**
     * Solves {@code a·X = b}.
     *
     * @param a {@code [..., n, n]} non-singular
     * @param b {@code [..., n, k]}
     * @return {@code X [..., n, k]}
     */
    public static NDArray solve(NDArray a, NDArray b) {
        return call("solve", a, b).head();
    }

    private static NDList call(String method, NDArray... inputs) {
        PtNDManager manager = ptManager(inputs[0]);
        IValue[] args = new IValue[inputs.length];
        try {
            for (int i = 0; i < inputs.length; i++) {
                args[i] = IValue.from(asPt(inputs[i], manager));
            }
            try (IValue result = IValueUtils.runMethod(module(), method, args)) {
                return result.toNDList(manager);
            }
        } catch (RuntimeException e) {
            throw new LinalgException("torch.linalg " + method + " failed on input of shape "
                    + inputs[0].getShape() + " (" + inputs[0].getDataType() + ", " + inputs[0].getDevice() + "): "
                    + e.getMessage(), e);
        } finally {
            for (IValue arg : args) {
                if (arg != null) {
                    arg.close();
                }
            }
        }
    }

    private static PtNDManager ptManager(NDArray x) {
        NDManager manager = x.getManager();
        if (manager instanceof PtNDManager) {
            return (PtNDManager) manager;
        }
        throw new IllegalArgumentException("Linalg needs arrays of the PyTorch engine, got " + manager.getClass());
    }

    private static PtNDArray asPt(NDArray x, PtNDManager manager) {
        return x instanceof PtNDArray ? (PtNDArray) x : (PtNDArray) manager.from(x);
    }

    private static PtSymbolBlock module() {
        PtSymbolBlock m = module;
        if (m == null) {
            synchronized (Linalg.class) {
                m = module;
                if (m == null) {
                    m = load();
                    module = m;
                }
            }
        }
        return m;
    }

    private static PtSymbolBlock load() {
        Engines.pytorch();
        byte[] archive = TorchScriptArchive.write("linalg", "Linalg", SOURCE);
        // Held for the JVM's lifetime: a parameterless module serves every device and thread.
        Model model = Model.newInstance("badit-linalg", ai.djl.Device.cpu(), Engines.ENGINE_NAME);
        try {
            ((PtModel) model).load(new ByteArrayInputStream(archive), Map.of());
        } catch (IOException | MalformedModelException e) {
            throw new LinalgException("libtorch refused the generated TorchScript linalg module: " + e.getMessage(), e);
        }
        owner = model;
        return (PtSymbolBlock) model.getBlock();
    }
}
