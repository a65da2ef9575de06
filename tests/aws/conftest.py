from tests.aws.api_host import api_host
from tests.aws.support import aws_credentials, stubbed
from tests.aws.web_host import aws_site

__all__ = ["api_host", "aws_credentials", "aws_site", "stubbed"]
