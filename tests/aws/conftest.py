from tests.aws.api_host import api_host
from tests.aws.support import aws_credentials, stubbed

__all__ = ["api_host", "aws_credentials", "stubbed"]
