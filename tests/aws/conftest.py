from tests.aws.support import aws_credentials, stubbed

__all__ = ["aws_credentials", "stubbed"]
