"""The training run of the launcher's JVM AOT cache (scripts/sslheads, JDK 25 -XX:AOTMode=record):
what a typical GraalPy script loads and links, so later runs start with those classes ready.
Prints nothing."""
import sslheads as torch
from sslheads import nn, optim
from novae import Nums
from novae.module import SwavHead
from novae.utils import Mode

torch.manual_seed(0)
encoder = nn.MLP(8, 16, 4)
head = SwavHead(Mode(), output_size=4, num_prototypes=6, temperature=0.1)
optimizer = optim.Adam(list(encoder.parameters()) + list(head.parameters()), lr=1e-3)
x = torch.randn(12, 8)
loss, entropy = head(encoder(x), encoder(x * 0.9), None)
optimizer.zero_grad()
loss.backward()
optimizer.step()
assert loss.item() == loss.item() and Nums.QUEUE_SIZE > 0
head.close()
