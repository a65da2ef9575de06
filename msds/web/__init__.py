"""The web app: pages for suppliers, compliance staff and reviewers, and the JSON API an ERP system calls.

One FastAPI application over the product's services, served by both hosts: ``msds serve`` (uvicorn on
127.0.0.1) locally and AWS Lambda behind API Gateway (Mangum). Pages and API routes are thin: each reads the
request, calls a service, and renders HTML or JSON.
"""
